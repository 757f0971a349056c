using System.CommandLine;
using RadCnn.Dicom;
using RadCnn.Host.Cli;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Ingestion;
using RadCnn.Host.Tests.Pipeline;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// One SOP Instance UID, or one series, arriving for two patients (issue 18): the first stays stored and
/// processed, the second is kept aside in the spool's quarantine with a reason `radcnn status` shows,
/// and the two never meet in one series. Real files, the real inbox, store and CLI.
/// </summary>
public sealed class PatientIdentityTests
{
    [Fact]
    public async Task The_same_uid_or_series_for_another_patient_is_quarantined_the_first_kept_and_status_says_why()
    {
        using var f = new IngestionFixture();
        var inbox = f.FolderInbox();
        var study = TestStudy.NewUid();
        var series = TestStudy.NewUid();
        var sop = TestStudy.NewUid();
        TestStudy.Build(study, series, sop, "CT", 0, "CHEST", "first", 8).Save(Path.Combine(inbox.Folder.Root, "first.dcm"));
        await IngestAllAsync(f, inbox);
        var firstCopy = (await f.Store.GetInstancesAsync(series)).Single();
        var firstBytes = await File.ReadAllBytesAsync(firstCopy.SpoolPath);

        var sameUid = TestStudy.Build(study, series, sop, "CT", 0, "CHEST", "second", 8);
        sameUid.Dataset.AddOrUpdate(DicomTag.PatientName, "OTHERPERSON^ANNA");
        sameUid.Dataset.AddOrUpdate(DicomTag.PatientID, "OTHERPID0815");
        sameUid.Save(Path.Combine(inbox.Folder.Root, "same-uid.dcm"));
        var sameSeries = TestStudy.Build(study, series, TestStudy.NewUid(), "CT", 1, "CHEST", "third", 8);
        sameSeries.Dataset.AddOrUpdate(DicomTag.PatientID, "OTHERPID0815");
        sameSeries.Save(Path.Combine(inbox.Folder.Root, "same-series.dcm"));
        var sameUidSamePatient = TestStudy.Build(study, series, sop, "CT", 0, "CHEST", "corrected description", 8);
        sameUidSamePatient.Dataset.AddOrUpdate(DicomTag.PatientName, TestStudy.PatientName.ToLowerInvariant() + "^"); // same person, other spelling
        sameUidSamePatient.Save(Path.Combine(f.Dir.Combine("later.dcm")));
        await IngestAllAsync(f, inbox);

        // The first copy is untouched and alone in its series; both others wait in quarantine, with their reasons.
        var stored = Assert.Single(await f.Store.GetInstancesAsync(series));
        Assert.Equal(firstBytes, await File.ReadAllBytesAsync(stored.SpoolPath));
        Assert.Equal(1, (await f.Store.GetSeriesAsync(series))!.Revision);
        var conflicts = await f.Store.GetIdentityConflictsAsync();
        Assert.Equal(2, conflicts.Count);
        Assert.Contains(conflicts, c => c.SopInstanceUid == sop && c.Reason.Contains("already stored for another patient", StringComparison.Ordinal));
        Assert.Contains(conflicts, c => c.SopInstanceUid != sop && c.Reason.Contains("series already holds instances of another patient", StringComparison.Ordinal));
        Assert.All(conflicts, c => Assert.Equal("OTHERPID0815", DicomFile.Open(c.QuarantinePath).Dataset.GetStringOrDefault(DicomTag.PatientID)));
        Assert.Empty(inbox.Folder.Files()); // nothing lost, nothing left behind

        // The same patient under another spelling of the name is an ordinary update, not a conflict.
        File.Move(f.Dir.Combine("later.dcm"), Path.Combine(inbox.Folder.Root, "later.dcm"));
        await IngestAllAsync(f, inbox);
        Assert.Equal(2, (await f.Store.GetIdentityConflictsAsync()).Count);
        Assert.Equal(2, (await f.Store.GetSeriesAsync(series))!.Revision);

        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(["status", "--data-dir", f.Dir.Path]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        var text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("quarantined     2 instance(s) for a patient conflict", text, StringComparison.Ordinal);
        Assert.Contains($"instance {sop} from folder", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OTHERPERSON", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OTHERPID", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_network_the_second_patients_copy_is_acknowledged_kept_in_quarantine_and_the_first_stays()
    {
        using var f = new IngestionFixture();
        var handler = new RadCnn.Host.Pipeline.PipelineStorageHandler(f.Instances, Microsoft.Extensions.Logging.Abstractions.NullLogger<RadCnn.Host.Pipeline.PipelineStorageHandler>.Instance);
        await using var listener = new RadCnn.Dicom.Network.Listener.DicomListener(
            new RadCnn.Dicom.Network.Listener.DicomListenerOptions { Port = 0, BindAddress = System.Net.IPAddress.Loopback, TempDirectory = f.Spool.Incoming, MinimumFreeBytes = 0 }, handler);
        await listener.StartAsync();
        var series = TestStudy.NewUid();
        var sop = TestStudy.NewUid();
        var first = f.Dir.Combine("first.dcm");
        var second = f.Dir.Combine("second.dcm");
        TestStudy.Build(TestStudy.NewUid(), series, sop, "CT", 0, "CHEST", "first", 8).Save(first);
        var other = TestStudy.Build(TestStudy.NewUid(), series, sop, "CT", 0, "CHEST", "second", 8);
        other.Dataset.AddOrUpdate(DicomTag.PatientID, "OTHERPID0815");
        other.Save(second);

        var sendFirst = RadCnn.TestSupport.Dcmtk.Store(listener.LocalEndPoint.Port, [first]);
        Assert.True(sendFirst.ExitCode == 0, sendFirst.Combined);
        var sendSecond = RadCnn.TestSupport.Dcmtk.Store(listener.LocalEndPoint.Port, [second]);
        Assert.True(sendSecond.ExitCode == 0, sendSecond.Combined); // durable in quarantine, so acknowledged

        var stored = Assert.Single(await f.Store.GetInstancesAsync(series));
        Assert.Equal(TestStudy.PatientId, DicomFile.Open(stored.SpoolPath).Dataset.GetStringOrDefault(DicomTag.PatientID));
        var conflict = Assert.Single(await f.Store.GetIdentityConflictsAsync());
        Assert.Equal("network", conflict.Source);
        Assert.Equal("OTHERPID0815", DicomFile.Open(conflict.QuarantinePath).Dataset.GetStringOrDefault(DicomTag.PatientID));
    }

    private static async Task IngestAllAsync(IngestionFixture f, RadCnn.Host.Ingestion.FolderInbox inbox)
    {
        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        await inbox.ScanAsync(default);
    }
}
