namespace RadCnn.Dicom.Tests;

public sealed class DicomVRTests
{
    [Theory]
    [InlineData("OV", true)]
    [InlineData("SV", true)]
    [InlineData("UV", true)]
    [InlineData("UC", true)]
    [InlineData("UR", true)]
    [InlineData("UT", true)]
    [InlineData("OB", true)]
    [InlineData("SQ", true)]
    [InlineData("PN", false)]
    [InlineData("US", false)]
    [InlineData("FD", false)]
    public void Every_VR_of_the_standard_with_its_length_field(string code, bool longLength)
    {
        var vr = DicomVR.Parse(code);
        Assert.Equal(code, vr.Code);
        Assert.Equal(longLength, vr.HasLongExplicitLength);
    }

    [Fact]
    public void All_34_VRs_parse_from_their_wire_bytes_and_nothing_else_does()
    {
        Assert.Equal(34, DicomVR.All.Count);
        var count = 0;
        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                if (DicomVR.TryParse((byte)a, (byte)b, out var vr))
                {
                    count++;
                    Assert.Equal(vr.Code, $"{(char)a}{(char)b}");
                }
            }
        }

        Assert.Equal(34, count);
    }
}
