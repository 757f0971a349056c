namespace RadCnn.Dicom.Tests;

public sealed class DicomTagTests
{
    [Theory]
    [InlineData("(0010,0010)")]
    [InlineData("0010,0010")]
    [InlineData("00100010")]
    [InlineData("PatientName")]
    public void Parses_the_usual_spellings(string text) => Assert.Equal(DicomTag.PatientName, DicomTag.Parse(text));

    [Fact]
    public void Private_tags_and_creators()
    {
        Assert.True(new DicomTag(0x0029, 0x1010).IsPrivate);
        Assert.True(new DicomTag(0x0029, 0x0010).IsPrivateCreator);
        Assert.False(DicomTag.PatientName.IsPrivate);
        Assert.False(new DicomTag(0xFFFF, 0x0001).IsPrivate);
    }

    [Fact]
    public void Dictionary_knows_names_VRs_multiplicity_and_retirement()
    {
        var entry = DicomTag.PatientName.DictionaryEntry;
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal(DicomVR.PN, entry.ValueRepresentation);
        Assert.Equal("1", entry.ValueMultiplicity);
        Assert.False(entry.IsRetired);
        Assert.True(new DicomTag(0x0008, 0x0010).DictionaryEntry.IsRetired); // Recognition Code
        Assert.Equal([DicomVR.US, DicomVR.SS], new DicomTag(0x0028, 0x0106).DictionaryEntry.ValueRepresentations);
    }

    [Fact]
    public void Repeating_groups_and_private_creators_come_from_ranges()
    {
        Assert.Equal("OverlayRows", new DicomTag(0x6002, 0x0010).Keyword);
        Assert.Equal(DicomVR.LO, new DicomTag(0x0029, 0x0011).DictionaryEntry.ValueRepresentation);
        Assert.Equal(DicomVR.UL, new DicomTag(0x0029, 0x0000).DictionaryEntry.ValueRepresentation);
        Assert.Equal(DicomVR.UN, new DicomTag(0x0029, 0x1011).DictionaryEntry.ValueRepresentation);
    }
}
