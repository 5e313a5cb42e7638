using System.Text;

namespace EntityPlatform.Consensus.Messages;

/// <summary>Helpers for the canonical text forms that transcripts print.</summary>
public static class TextForm
{
    /// <summary>Printable ASCII payloads print quoted; anything else prints as hex, so traces stay one line.</summary>
    public static string Bytes(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            if (b < 0x20 || b > 0x7E || b == (byte)'"')
            {
                return "0x" + Convert.ToHexString(data);
            }
        }

        return "\"" + Encoding.ASCII.GetString(data) + "\"";
    }

    /// <summary>Ids print as <c>(1 2 3)</c>.</summary>
    public static string Ids(IEnumerable<ulong> ids) => "(" + string.Join(' ', ids) + ")";
}
