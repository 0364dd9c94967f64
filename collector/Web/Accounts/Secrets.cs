using System.Security.Cryptography;
using System.Text;

namespace HsGuard.Collector.Web.Accounts;

/// <summary>
/// Passwords hashed with PBKDF2-SHA256 ("pbkdf2-sha256$ITERATIONS$SALT$HASH", base64), compared in
/// constant time; API tokens ("hsg_" + 32 random bytes, base64url) kept as their SHA-256 (a token is
/// random and long: one fast hash is enough, as for session ids).
/// </summary>
public static class Secrets
{
    private const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string HashPassword(string password)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool VerifyPassword(string password, string? stored)
    {
        if (stored is null)
        {
            return false;
        }
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out int iterations) || iterations < 10_000)
        {
            return false;
        }
        try
        {
            byte[] salt = Convert.FromBase64String(parts[2]);
            byte[] expected = Convert.FromBase64String(parts[3]);
            byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="stored"/> is a password hash this version can check.</summary>
    public static bool IsPasswordHash(string stored) => stored.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal) && stored.Split('$').Length == 4;

    public static string NewToken() => "hsg_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(15));

    public static string HashToken(string token) => "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
