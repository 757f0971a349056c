using RadCnn.Host.Ingestion;
using RadCnn.Host.Tests.Ingestion;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// HL7 files that mix patients (issue 18): a batch of two ORU^R01 for two patients must become two
/// reports, each with only its own text and identifiers; a file whose patients conflict is refused
/// whole, with a reason. Real files through the real report inbox, store and spool.
/// </summary>
public sealed class HostileReportTests
{
    private static string Oru(string controlId, string patient, string accession, string text) =>
        $"MSH|^~\\&|RIS|HOSP|RADCNN|HOSP|20260101120000||ORU^R01^ORU_R01|{controlId}|P|2.5.1\r" +
        $"PID|1||{patient}^^^HOSP||DOE^{patient}||19700101|F\r" +
        $"OBR|1||{accession}|CTPA^CT pulmonary angiogram|||20260101110000\r" +
        $"OBX|1|TX|59776-5^Findings^LN||{text}||||||F\r";

    [Fact]
    public async Task An_hl7_file_with_two_messages_for_two_patients_becomes_two_reports_each_with_its_own_text_and_identifiers()
    {
        using var f = new IngestionFixture();
        var inbox = f.ReportInbox();
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "batch.hl7"),
            "FHS|^~\\&|RIS\r" + Oru("MSG-A", "PATAAA", "ACC111", "Text for patient A.") + Oru("MSG-B", "PATBBB", "ACC222", "Text for patient B.") + "FTS|2\r");

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, await inbox.ScanAsync(default));

        Assert.Equal(2, (await f.Store.GetStatusAsync()).Reports);
        var stored = new List<IncomingReport>();
        foreach (var json in Directory.EnumerateFiles(Path.Combine(f.Spool.Root, "reports"), "*.json", SearchOption.AllDirectories))
        {
            stored.Add(await ReportIngestor.LoadAsync(json, default));
        }

        var a = Assert.Single(stored, r => r.Text.Contains("patient A", StringComparison.Ordinal));
        var b = Assert.Single(stored, r => r.Text.Contains("patient B", StringComparison.Ordinal));
        Assert.DoesNotContain("patient B", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("patient A", b.Text, StringComparison.Ordinal);
        Assert.Equal("HOSP/PATAAA", a.Identifiers!["patientId"]);
        Assert.Equal("ACC111", a.Identifiers["fillerOrderNumber"]);
        Assert.Equal("HOSP/PATBBB", b.Identifiers!["patientId"]);
        Assert.NotEqual(a.Metadata["patientIdHash"], b.Metadata["patientIdHash"]);
        Assert.DoesNotContain(a.Metadata.Values.Concat(b.Metadata.Values), v => v.Contains("PAT", StringComparison.Ordinal) || v.Contains("ACC", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("two PID segments that disagree", "one-message")]
    [InlineData("two messages with one control ID", "same-id")]
    public async Task An_hl7_file_whose_patients_conflict_is_rejected_whole_with_a_reason(string what, string file)
    {
        using var f = new IngestionFixture();
        var inbox = f.ReportInbox();
        var content = file == "one-message"
            ? Oru("MSG-C", "PATCCC", "ACC333", "Mixed text.") + "PID|2||PATDDD^^^HOSP||ROE^DDD\r"
            : Oru("MSG-D", "PATEEE", "ACC444", "First.") + Oru("MSG-D", "PATFFF", "ACC555", "Second.");
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, file + ".hl7"), content);

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await inbox.ScanAsync(default));

        Assert.Equal(0, (await f.Store.GetStatusAsync()).Reports);
        var reason = await File.ReadAllTextAsync(Path.Combine(inbox.Folder.Rejected, file + ".hl7.reason.txt"));
        Assert.Contains("patient", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("PAT", reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(inbox.Folder.Rejected, file + ".hl7")), what);
    }
}
