using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>
/// The user identity a calling AE must present (PS3.7 D.3.3.7), a second factor beside the AE/IP
/// allow-list: a username and password (identity type 2), or a shared secret sent as the username
/// (type 1; <see cref="Username"/> null). Only a salted PBKDF2-SHA256 hash of the secret is kept.
/// </summary>
/// <remarks>Written "AE username HASH" or "AE * HASH" (shared secret), HASH as <see cref="Hash"/> makes it.</remarks>
public sealed record DicomCallerCredential
{
    private const string Scheme = "pbkdf2-sha256";
    private const int DefaultIterations = 100_000;

    private DicomCallerCredential(string aeTitle, string? username, int iterations, byte[] salt, byte[] hash)
    {
        AeTitle = aeTitle;
        Username = username;
        Iterations = iterations;
        Salt = salt;
        HashBytes = hash;
    }

    public string AeTitle { get; }

    /// <summary>The username a type-2 identity must carry; null for a shared secret (sent as a type-1 identity).</summary>
    public string? Username { get; }

    private int Iterations { get; }

    private byte[] Salt { get; }

    private byte[] HashBytes { get; }

    /// <summary>"pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64) for <paramref name="secret"/>, with a fresh salt.</summary>
    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Parses "AE username HASH" or "AE * HASH".</summary>
    /// <exception cref="FormatException">Not that form, or a hash that is not of <see cref="Hash"/>.</exception>
    public static DicomCallerCredential Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || parts[0].Length > 16)
        {
            throw new FormatException("a caller credential is written 'AE username HASH' or 'AE * HASH' (HASH from `radcnn dicom hash-secret`)");
        }

        var fields = parts[2].Split('$');
        if (fields.Length != 4 || fields[0] != Scheme
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 10_000)
        {
            throw new FormatException($"the credential of {parts[0]} is not a {Scheme} hash with at least 10000 iterations (plain passwords are not accepted)");
        }

        try
        {
            return new DicomCallerCredential(parts[0], parts[1] == "*" ? null : parts[1], iterations, Convert.FromBase64String(fields[2]), Convert.FromBase64String(fields[3]));
        }
        catch (FormatException)
        {
            throw new FormatException($"the credential of {parts[0]} has a salt or hash that is not base64");
        }
    }

    /// <summary>Whether <paramref name="identity"/> proves this credential (fixed-time comparison of the hashes).</summary>
    internal bool Verify(UserIdentityRequest? identity)
    {
        if (identity is null)
        {
            return false;
        }

        byte[] secret;
        if (Username is null)
        {
            // Shared secret: sent as the username of a type-1 identity.
            if (identity.Type != UserIdentityRequest.Username)
            {
                return false;
            }

            secret = identity.Primary;
        }
        else
        {
            if (identity.Type != UserIdentityRequest.UsernameAndPasscode
                || !CryptographicOperations.FixedTimeEquals(identity.Primary, Encoding.UTF8.GetBytes(Username)))
            {
                return false;
            }

            secret = identity.Secondary;
        }

        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, Salt, Iterations, HashAlgorithmName.SHA256, HashBytes.Length);
        return CryptographicOperations.FixedTimeEquals(hash, HashBytes);
    }

    /// <summary>No secret material in it.</summary>
    public override string ToString() => $"{AeTitle} {(Username is null ? "(shared secret)" : Username)}";
}
