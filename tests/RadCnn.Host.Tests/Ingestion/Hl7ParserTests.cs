using RadCnn.Host.Ingestion;

namespace RadCnn.Host.Tests.Ingestion;

public sealed class Hl7ParserTests
{
    // A synthetic ORU^R01 (made-up patient); the PID segment must never reach the report.
    private const string Oru =
        "MSH|^~\\&|RIS|HOSP|RADCNN|HOSP|20260101120000||ORU^R01^ORU_R01|MSG0001|P|2.5.1\r" +
        "PID|1||PAT123^^^HOSP||DOE^JANE||19700101|F\r" +
        "OBR|1||ACC999|CTPA^CT pulmonary angiogram|||20260101110000\r" +
        "OBX|1|TX|59776-5^Findings^LN||Filling defect in the right lower lobe artery.~No other abnormality.||||||F\r" +
        "OBX|2|FT|59776-5^Findings^LN||Impression\\.br\\Acute PE \\T\\ strain \\F\\ none||||||F\r" +
        "OBX|3|UI|113014^Study Instance UID^DCM||1.2.3.4.5||||||F\r";

    [Fact]
    public void Parses_an_oru_r01_into_report_text_kind_and_id()
    {
        var report = Hl7Report.FromMessage(Hl7Message.Parse(Oru));

        Assert.Equal("MSG0001", report.ControlId);
        Assert.Equal("ctpa", report.Kind);
        Assert.Equal("1.2.3.4.5", report.StudyInstanceUid);
        Assert.Equal(
            "Filling defect in the right lower lobe artery.\nNo other abnormality.\nImpression\nAcute PE & strain | none",
            report.Text);
        Assert.Equal("RIS", report.Metadata["sendingApplication"]);
        Assert.Equal("2.5.1", report.Metadata["hl7Version"]);
        Assert.DoesNotContain(report.Metadata.Values, v => v.Contains("DOE", StringComparison.Ordinal) || v.Contains("PAT123", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Accepts_other_segment_terminators_and_mllp_framing(string terminator)
    {
        var framed = "\v" + Oru.Replace("\r", terminator, StringComparison.Ordinal) + "\u001c\r";
        Assert.Equal("ctpa", Hl7Report.FromMessage(Hl7Message.Parse(framed)).Kind);
    }

    [Fact]
    public void Honours_the_separators_msh_declares()
    {
        var custom = "MSH#$~\\&#RIS##X##20260101##ORU$R01#ID7#P#2.3\rOBX#1#TX#x##Line one~Line two\\X41\\\r";
        var report = Hl7Report.FromMessage(Hl7Message.Parse(custom));
        Assert.Equal("ID7", report.ControlId);
        Assert.Equal("Line one\nLine twoA", report.Text);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("MSH")]
    [InlineData("MSH|^~\\&|A|B|C|D|2026||ADT^A01|1|P|2.5\rPID|1\r")]
    [InlineData("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5\rOBX|1|NM|x||5\r")]
    public void Refuses_what_is_not_an_oru_with_text(string text)
    {
        Assert.Throws<FormatException>(() => Hl7Report.FromMessage(Hl7Message.Parse(text)));
    }
}
