using RadCnn.Host.Ingestion;
using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Ingestion;

public sealed class ReportInboxTests
{
    private const string Oru =
        "MSH|^~\\&|RIS|HOSP|RADCNN|HOSP|20260101120000||ORU^R01|MSG0042|P|2.5.1\r" +
        "PID|1||SENTINELPID4711^^^HOSP||SENTINELNAME^JOSEPHINE||19230405|F\r" +
        "OBR|1||SENTINELACC99|CTPA^CT pulmonary angiogram\r" +
        "OBX|1|TX|59776-5^Findings^LN||Filling defect in a segmental artery.||||||F\r";

    [Fact]
    public async Task Text_with_sidecar_and_hl7_reports_become_work_items_and_leave_the_inbox()
    {
        using var f = new IngestionFixture();
        var inbox = f.ReportInbox();
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "r1.txt"), "No pulmonary embolism.\r\nLungs clear.");
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "r1.json"),
            """{"id":"RIS-1","kind":"CTPA","studyInstanceUid":"1.2.3","patientName":"SENTINELNAME","metadata":{"language":"en"}}""");
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "plain.txt"), "Unremarkable.");
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "m.hl7"), Oru);
        await File.WriteAllBytesAsync(Path.Combine(inbox.Folder.Root, "scan.pdf"), [0x25, 0x50, 0x44, 0x46]);

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await inbox.ScanAsync(default));

        var items = await f.Store.GetWorkItemsAsync(WorkItemState.Received);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(WorkItemKind.Report, i.Kind));
        var reports = new List<ReportRecord>();
        foreach (var item in items)
        {
            reports.Add((await f.Store.GetReportAsync(item.Key))!);
        }

        var withSidecar = Assert.Single(reports, r => r.Format == "text" && r.Kind == "ctpa");
        Assert.DoesNotContain("SENTINEL", withSidecar.MetadataJson, StringComparison.Ordinal);
        var loaded = await ReportIngestor.LoadAsync(withSidecar.SpoolPath, default);
        Assert.Equal("No pulmonary embolism.\nLungs clear.", loaded.Text);
        Assert.Equal("1.2.3", loaded.StudyInstanceUid);
        Assert.Equal("en", loaded.Metadata["language"]);
        Assert.Single(reports, r => r.Format == "text" && r.Kind == "report");
        Assert.Single(reports, r => r.Format == "hl7v2" && r.Kind == "ctpa");

        Assert.Equal(["scan.pdf", "scan.pdf.reason.txt"], Directory.EnumerateFiles(inbox.Folder.Rejected).Select(Path.GetFileName).Order());
        Assert.Empty(inbox.Folder.Files());

        // Three work items were handed to routing.
        var queued = new List<long>();
        while (f.Queue.Reader.TryRead(out var id))
        {
            queued.Add(id);
        }

        Assert.Equal(items.Select(i => i.Id), queued);
    }

    [Fact]
    public async Task A_resent_hl7_message_is_one_report_and_a_broken_one_is_rejected()
    {
        using var f = new IngestionFixture();
        var inbox = f.ReportInbox();
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "a.hl7"), Oru);
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "b.hl7"), Oru.Replace("\r", "\n", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "c.hl7"), "MSH|^~\\&|RIS|H|X|H|2026||ADT^A01|9|P|2.5\r");
        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await inbox.ScanAsync(default));

        Assert.Equal(1, (await f.Store.GetStatusAsync()).Reports);
        Assert.Contains("ORU^R01", await File.ReadAllTextAsync(Path.Combine(inbox.Folder.Rejected, "c.hl7.reason.txt")), StringComparison.Ordinal);
    }
}
