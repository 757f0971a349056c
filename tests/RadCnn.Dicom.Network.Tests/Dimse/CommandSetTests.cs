using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Tests.Dimse;

public sealed class CommandSetTests
{
    [Fact]
    public void Encodes_implicit_little_endian_with_group_length_and_even_values()
    {
        var bytes = new CommandSet()
            .SetString(CommandTag.AffectedSopClassUid, "1.2.840.10008.1.1")
            .SetUInt16(CommandTag.CommandField, CommandField.CEchoRequest)
            .Encode();

        // (0000,0000) UL = bytes after it; the 17-character UID is padded to 18 with a NUL.
        Assert.Equal([0, 0, 0, 0, 4, 0, 0, 0], bytes[..8]);
        Assert.Equal(bytes.Length - 12, BitConverter.ToInt32(bytes, 8));
        Assert.Equal(12 + 8 + 18 + 8 + 2, bytes.Length);
        var decoded = CommandSet.Decode(bytes);
        Assert.Equal("1.2.840.10008.1.1", decoded.GetString(CommandTag.AffectedSopClassUid));
        Assert.Equal(CommandField.CEchoRequest, decoded.GetUInt16(CommandTag.CommandField));
    }

    [Fact]
    public void Element_outside_group_0000_or_overrunning_is_refused()
    {
        Assert.Throws<DicomProtocolException>(() => CommandSet.Decode([8, 0, 0x16, 0, 2, 0, 0, 0, 1, 2]));
        Assert.Throws<DicomProtocolException>(() => CommandSet.Decode([0, 0, 0, 1, 200, 0, 0, 0, 1, 2]));
    }
}
