using System.Text;

namespace RadCnn.Host.Tests.Web.DicomWeb;

/// <summary>Splits a multipart/related body into its parts' contents (headers dropped), for checking WADO-RS answers byte for byte.</summary>
internal static class Multipart
{
    public static List<byte[]> Split(byte[] body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary.Trim('"'));
        var parts = new List<byte[]>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var afterDelimiter = position + delimiter.Length;
            if (afterDelimiter + 1 < body.Length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-')
            {
                break;
            }

            var headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), afterDelimiter);
            var next = IndexOf(body, delimiter, headersEnd + 4);
            if (headersEnd < 0 || next < 0)
            {
                throw new InvalidDataException("a part is not closed by the boundary");
            }

            parts.Add(body[(headersEnd + 4)..(next - 2)]);
            position = next;
        }

        return parts;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start) => start < 0 ? -1 : haystack.AsSpan(start).IndexOf(needle) is var i and >= 0 ? start + i : -1;
}
