using System.Net.Http.Json;
using System.Text.Json;
using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

/// <summary>
/// Every result object is stored in a real Orthanc (loopback only, random ports) next
/// to its source series, and read back through Orthanc's REST API: same patient and study, its own
/// series, its SOP class kept.
/// </summary>
public sealed class OrthancInteropTests
{
    [Fact]
    public async Task Orthanc_stores_every_result_object_in_the_source_study()
    {
        var (slices, volume) = IodSources.GeneratedSeries(3);
        var mask = volume.Select(v => v > -500 ? 1f : 0f).ToArray();
        var results = new List<(string Name, DicomFile File)>
        {
            ("seg", new SegmentationBuilder(slices, IodSources.Algorithm).AddSegment(new SegmentDefinition("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver), mask).Build()),
            ("sr", FindingsReportBuilderTests.BuildReport(slices)),
            ("sc", new HeatmapOverlayBuilder(slices[1], volume[(64 * 64)..(2 * 64 * 64)], IodSources.Algorithm).Build(HeatmapOverlayBuilderTests.Blob(8, 8), 8, 8)),
        };
        var derived = new DerivedSeriesBuilder(slices, IodSources.Algorithm).Build(volume.Select(v => v * 0.9f).ToArray());
        results.AddRange(derived.Select((f, i) => ($"derived{i}", f)));

        using var orthanc = new OrthancProcess();
        var http = orthanc.Http;
        foreach (var source in slices)
        {
            await Upload(orthanc, new DicomFile(source.Clone()) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian });
        }

        foreach (var (name, file) in results)
        {
            var id = await Upload(orthanc, file);
            var tags = await http.GetFromJsonAsync<Dictionary<string, JsonElement>>($"instances/{id}/tags?simplify");
            Assert.NotNull(tags);
            var expected = file.Dataset;
            Assert.Equal(expected.GetString(DicomTag.SOPClassUID), tags["SOPClassUID"].GetString());
            Assert.Equal(expected.GetString(DicomTag.SOPInstanceUID), tags["SOPInstanceUID"].GetString());
            Assert.Equal(slices[0].GetString(DicomTag.StudyInstanceUID), tags["StudyInstanceUID"].GetString());
            Assert.Equal(slices[0].GetString(DicomTag.PatientID), tags["PatientID"].GetString());
            Assert.Equal("RadCnn", tags["Manufacturer"].GetString());
            Assert.NotEqual(slices[0].GetString(DicomTag.SeriesInstanceUID), tags["SeriesInstanceUID"].GetString());
            Assert.True(expected.GetString(DicomTag.Modality) == tags["Modality"].GetString(), name);
            if (name is "sc" or "derived0")
            {
                // Orthanc decodes the pixel data itself to render its preview.
                using var preview = await http.GetAsync($"instances/{id}/preview");
                Assert.True(preview.IsSuccessStatusCode, $"{name}: Orthanc could not render the pixels ({(int)preview.StatusCode})");
                Assert.Equal("image/png", preview.Content.Headers.ContentType?.MediaType);
            }
        }

        // One study holding the source series and the four result series.
        var studies = await http.GetFromJsonAsync<string[]>("studies");
        Assert.Single(studies!);
        var series = await http.GetFromJsonAsync<JsonElement[]>($"studies/{studies![0]}/series");
        Assert.Equal(5, series!.Length);
    }

    private static async Task<string> Upload(OrthancProcess orthanc, DicomFile file)
    {
        using var bytes = new MemoryStream();
        file.Save(bytes);
        using var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new("application/dicom");
        using var response = await orthanc.Http.PostAsync("instances", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Orthanc refused {file.Dataset.GetString(DicomTag.SOPClassUID)}: {(int)response.StatusCode} {body}\n{orthanc.Log}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Success", json.RootElement.GetProperty("Status").GetString());
        return json.RootElement.GetProperty("ID").GetString()!;
    }
}
