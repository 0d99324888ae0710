using System.Security.Cryptography;

namespace Messier.Workflows.Runtime;

/// <summary>Instance ids: 12 characters of lower-case base32, short enough to type, random enough not to collide.</summary>
public static class InstanceIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return new string(chars);
    }
}
