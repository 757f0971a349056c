using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RadCnn.Host.Web.Security;

/// <summary>
/// Password hashes as "pbkdf2-sha256$iterations$salt$hash" (PBKDF2-HMAC-SHA256, 16-byte salt,
/// 32-byte hash) and API key digests (SHA-256: keys are random and long, so a slow hash adds nothing).
/// </summary>
internal static class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int DefaultIterations = 210_000;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Why <paramref name="encoded"/> is not a usable hash, or null.</summary>
    public static string? Problem(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return $"a password hash must look like {Scheme}$iterations$salt$hash (make one with `radcnn web hash`)";
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 100_000)
        {
            return "a password hash needs at least 100000 PBKDF2 iterations";
        }

        try
        {
            return Convert.FromBase64String(parts[2]).Length >= 16 && Convert.FromBase64String(parts[3]).Length == 32 ? null : "a password hash has a short salt or hash";
        }
        catch (FormatException)
        {
            return "a password hash's salt or hash is not base64";
        }
    }

    public static bool Verify(string password, string encoded)
    {
        if (Problem(encoded) is not null)
        {
            return false;
        }

        var parts = encoded.Split('$');
        var iterations = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static string KeyDigest(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A new random API key (256 bits, URL-safe).</summary>
    public static string NewApiKey() => "rck_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
