using System.Security.Cryptography;
using System.Text;

namespace Decisioner.Core.Content;

/// <summary>A short, stable name for a text: the first 16 hex digits of its SHA-256.</summary>
public static class TextHash
{
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
