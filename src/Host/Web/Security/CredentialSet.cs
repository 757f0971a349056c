using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RadCnn.Host.Web.Security;

/// <summary>The API keys and users of the settings and the credentials file together, checked once at start-up.</summary>
internal sealed class CredentialSet
{
    private static readonly JsonSerializerOptions FileJson = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private readonly Dictionary<string, ApiKeyEntry> _keysByDigest;
    private readonly Dictionary<string, UserEntry> _users;

    private CredentialSet(List<ApiKeyEntry> keys, List<UserEntry> users)
    {
        var problems = new List<string>();
        foreach (var key in keys)
        {
            key.Sha256 = key.Sha256.Trim().ToLowerInvariant();
            if (key.Name.Length == 0)
            {
                problems.Add("an API key has no Name");
            }

            if (key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigitLower))
            {
                problems.Add($"API key '{key.Name}': Sha256 must be 64 hex digits (`radcnn web hash --api-key`)");
            }

            if (!WebRoles.IsKnown(key.Role))
            {
                problems.Add($"API key '{key.Name}': Role must be {WebRoles.Viewer} or {WebRoles.Operator}");
            }
        }

        foreach (var user in users)
        {
            if (user.Name.Length == 0)
            {
                problems.Add("a user has no Name");
            }

            if (PasswordHasher.Problem(user.PasswordHash) is { } problem)
            {
                problems.Add($"user '{user.Name}': {problem}");
            }

            if (!WebRoles.IsKnown(user.Role))
            {
                problems.Add($"user '{user.Name}': Role must be {WebRoles.Viewer} or {WebRoles.Operator}");
            }
        }

        problems.AddRange(users.GroupBy(u => u.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"user '{g.Key}' is listed twice"));
        problems.AddRange(keys.GroupBy(k => k.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"API key '{g.First().Name}' is listed twice"));
        Problems = problems;
        _keysByDigest = keys.GroupBy(k => k.Sha256, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _users = users.GroupBy(u => u.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Problems { get; }

    public int Count => _keysByDigest.Count + _users.Count;

    /// <exception cref="IOException">The credentials file cannot be read.</exception>
    /// <exception cref="JsonException">It is not valid JSON.</exception>
    public static CredentialSet Load(WebOptions options)
    {
        var keys = options.ApiKeys.Select(Copy).ToList();
        var users = options.Users.Select(Copy).ToList();
        if (options.CredentialsFile is { } path)
        {
            var file = JsonSerializer.Deserialize<CredentialsFileContent>(File.ReadAllBytes(path), FileJson) ?? new CredentialsFileContent();
            keys.AddRange(file.ApiKeys ?? []);
            users.AddRange(file.Users ?? []);
        }

        return new CredentialSet(keys, users);
    }

    public ApiKeyEntry? FindKey(string presented)
    {
        var digest = PasswordHasher.KeyDigest(presented);
        // The dictionary lookup is on a digest of the key, so its timing says nothing about the key itself.
        return _keysByDigest.TryGetValue(digest, out var key)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest), Encoding.ASCII.GetBytes(key.Sha256)) ? key : null;
    }

    public UserEntry? CheckPassword(string name, string password)
    {
        if (_users.TryGetValue(name, out var user))
        {
            return PasswordHasher.Verify(password, user.PasswordHash) ? user : null;
        }

        // As slow as a real check, so response time does not tell which names exist.
        PasswordHasher.Verify(password, DummyHash.Value);
        return null;
    }

    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash("not a password"));

    private static ApiKeyEntry Copy(ApiKeyEntry k) => new() { Name = k.Name, Sha256 = k.Sha256, Role = k.Role };

    private static UserEntry Copy(UserEntry u) => new() { Name = u.Name, PasswordHash = u.PasswordHash, Role = u.Role };

    private sealed class CredentialsFileContent
    {
        public List<ApiKeyEntry>? ApiKeys { get; set; }

        public List<UserEntry>? Users { get; set; }
    }
}
