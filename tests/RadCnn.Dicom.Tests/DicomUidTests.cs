using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests;

public sealed class DicomUidTests
{
    [Fact]
    public void Generated_UIDs_are_valid_unique_2_25_UIDs()
    {
        var uids = Enumerable.Range(0, 1000).Select(_ => DicomUid.Generate().Value).ToList();
        Assert.All(uids, u => Assert.True(DicomUid.IsValid(u), u));
        Assert.All(uids, u => Assert.StartsWith("2.25.", u, StringComparison.Ordinal));
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Fact]
    public void UUID_derivation_matches_pydicom()
    {
        // pydicom.uid.generate_uid(prefix=None) is "2.25." + the UUID's 128-bit integer; compare on one UUID.
        var uuid = Guid.Parse("0b1a7c1e-8f3c-4b9e-9a51-2f0e4d6c8b7a");
        var expected = Peers.RunPython("import uuid,sys; print('2.25.%d' % uuid.UUID(sys.argv[1]).int)", uuid.ToString()).StandardOutput.Trim();
        Assert.Equal(expected, DicomUid.FromUuid(uuid).Value);
    }

    [Fact]
    public void Known_UIDs_carry_name_and_type()
    {
        var uid = DicomUid.Parse("1.2.840.10008.1.2.1\0");
        Assert.Same(DicomUid.ExplicitVRLittleEndian, uid);
        Assert.Equal(DicomUidType.TransferSyntax, uid.Type);
        Assert.Equal("Explicit VR Little Endian", uid.Name);
        Assert.Equal(DicomUidType.SopClass, DicomUid.CTImageStorage.Type);
        Assert.Equal(DicomUidType.Unknown, DicomUid.Parse("1.2.3.4").Type);
    }

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("1.02.3", false)]
    [InlineData("1..3", false)]
    [InlineData("1.2.a", false)]
    [InlineData("", false)]
    public void Validity(string uid, bool valid) => Assert.Equal(valid, DicomUid.IsValid(uid));
}
