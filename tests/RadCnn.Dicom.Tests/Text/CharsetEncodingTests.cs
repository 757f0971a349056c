using RadCnn.Dicom.Text;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Text;

/// <summary>
/// Strings written under a Specific Character Set give the bytes pydicom writes for them (escape
/// sequences included), and read back to the same string; covers sets no charset file uses
/// (JIS X 0212, GB 2312, ISO 8859 code extensions).
/// </summary>
public sealed class CharsetEncodingTests
{
    // argv: JSON list of [terms, VR, value, our bytes (hex)]. Prints a JSON list of [pydicom's bytes (hex), pydicom's reading of ours].
    private const string Script = """
import json, sys, warnings
warnings.simplefilter('ignore')
from pydicom.charset import convert_encodings, encode_string, decode_bytes
from pydicom.valuerep import PersonName, TEXT_VR_DELIMS
result = []
for terms, vr, value, ours in json.loads(sys.argv[1]):
    encodings = convert_encodings(terms.split('\\'))
    ours = bytes.fromhex(ours)
    data = PersonName(value).encode(encodings) if vr == 'PN' else encode_string(value, encodings)
    read = str(PersonName(ours, encodings).decode()) if vr == 'PN' else decode_bytes(ours, encodings, TEXT_VR_DELIMS)
    result.append([data.hex(), read])
print(json.dumps(result))
""";

    /// <summary>(terms, VR, value, same bytes as pydicom, pydicom reads ours back).</summary>
    private static readonly (string Terms, string VR, string Value, bool SameBytes, bool PydicomReadsOurs)[] Cases =
    [
        ("\\ISO 2022 IR 87", "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう", true, true),
        ("ISO 2022 IR 13\\ISO 2022 IR 87", "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", true, true),
        ("\\ISO 2022 IR 159", "LO", "丂乚", true, true),
        ("\\ISO 2022 IR 87\\ISO 2022 IR 159", "LO", "山田丂", true, true),
        ("\\ISO 2022 IR 149", "PN", "Hong^Gildong=洪^吉洞=홍^길동", true, true),
        ("\\ISO 2022 IR 58", "LO", "王小东", false, false),
        ("ISO 2022 IR 100\\ISO 2022 IR 126", "LO", "Jérôme Δίας", false, true),
        ("ISO_IR 192", "PN", "Wang^XiaoDong=王^小東", true, true),
        ("GB18030", "LO", "王小東", true, true),
        ("ISO_IR 144", "LO", "Люкceмбypг", true, true),
    ];

    /// <summary>
    /// Where the bytes differ it is pydicom that leaves the standard: with ISO 2022 IR 100 as value 1 it
    /// writes a needless ESC - A first and does not return to value 1's set at the end of the value
    /// (PS3.5 6.1.2.5.3 requires it); with ISO 2022 IR 58 it writes GB 2312 bytes without their escape
    /// sequence, and reads ESC $ ) A back as text. Each side still reads the other's bytes where noted.
    /// </summary>
    [Fact]
    public void EncodesAsPydicomAndEachReadsTheOther()
    {
        var encoded = Cases.Select(c => DicomCharacterSet.FromSpecificCharacterSet(c.Terms.Split('\\')).Encode(c.Value, DicomVR.Parse(c.VR))).ToArray();
        var request = System.Text.Json.JsonSerializer.Serialize(Cases.Select((c, i) => new[] { c.Terms, c.VR, c.Value, Convert.ToHexString(encoded[i]) }));
        var run = Peers.RunPython(Script, request);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var answers = System.Text.Json.JsonSerializer.Deserialize<string[][]>(run.StandardOutput)!;
        for (var i = 0; i < Cases.Length; i++)
        {
            var (terms, vr, value, sameBytes, pydicomReadsOurs) = Cases[i];
            var charset = DicomCharacterSet.FromSpecificCharacterSet(terms.Split('\\'));
            var theirs = Convert.FromHexString(answers[i][0]);
            Assert.Equal(value, charset.Decode(encoded[i], DicomVR.Parse(vr)));
            if (!terms.EndsWith("IR 58", StringComparison.Ordinal))
            {
                // pydicom's GB 2312 bytes lack their escape sequence, so no ISO 2022 reader can tell them from value 1's set.
                Assert.Equal(value, charset.Decode(theirs, DicomVR.Parse(vr)));
            }

            if (sameBytes)
            {
                Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(encoded[i]));
            }

            if (pydicomReadsOurs)
            {
                Assert.Equal(value, answers[i][1]);
            }
        }
    }

    [Fact]
    public void SequenceItemsInheritAndOverrideTheCharacterSet()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        var inheriting = new DicomDataset();
        var overriding = new DicomDataset();
        overriding.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 144");
        dataset.AddOrUpdate(DicomTag.ReferencedImageSequence, inheriting, overriding);
        inheriting.AddOrUpdate(DicomTag.PatientName, "Люк");
        overriding.AddOrUpdate(DicomTag.PatientName, "Люк");
        var utf8 = Assert.IsType<DicomElement>(inheriting.GetItem(DicomTag.PatientName)).GetBytes().ToArray();
        var cyrillic = Assert.IsType<DicomElement>(overriding.GetItem(DicomTag.PatientName)).GetBytes().ToArray();
        Assert.Equal("D09BD18ED0BA", Convert.ToHexString(utf8));
        Assert.Equal("BBEEDA20", Convert.ToHexString(cyrillic));
        Assert.Equal("Люк", inheriting.GetString(DicomTag.PatientName));
        Assert.Equal("Люк", overriding.GetString(DicomTag.PatientName));
        Assert.Equal("Люк", overriding.GetPersonNames(DicomTag.PatientName)[0].FamilyName);
    }
}
