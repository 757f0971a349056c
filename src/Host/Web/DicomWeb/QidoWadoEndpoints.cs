using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Dicom;
using RadCnn.Dicom.Json;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Web.DicomWeb;

/// <summary>
/// QIDO-RS (search: studies, series, instances) and WADO-RS (retrieve: study, series, instance, and
/// their metadata) over RadCnn's results, so OHIF, Orthanc or a PACS can find and fetch the SEG, SR,
/// SC and derived series. Searches take any attribute (<see cref="QidoQuery"/>: UID lists, date
/// ranges, wildcards, fuzzy person names, includefield, limit and offset); instances are served as
/// they were written (their own transfer syntax), frames and rendered pictures by <see cref="WadoFrameEndpoints"/>.
/// </summary>
internal static class QidoWadoEndpoints
{
    private const string DicomJson = "application/dicom+json";

    private static readonly DicomTag[] StudyTags =
    [
        DicomTag.SpecificCharacterSet, DicomTag.StudyDate, DicomTag.StudyTime, DicomTag.AccessionNumber, DicomTag.ReferringPhysicianName,
        DicomTag.PatientName, DicomTag.PatientID, DicomTag.PatientBirthDate, DicomTag.PatientSex, DicomTag.StudyInstanceUID, DicomTag.StudyID, DicomTag.StudyDescription,
    ];

    private static readonly DicomTag[] SeriesTags =
        [DicomTag.SpecificCharacterSet, DicomTag.Modality, DicomTag.SeriesDescription, DicomTag.SeriesInstanceUID, DicomTag.SeriesNumber, DicomTag.StudyInstanceUID];

    private static readonly DicomTag[] InstanceTags =
    [
        DicomTag.SpecificCharacterSet, DicomTag.SOPClassUID, DicomTag.SOPInstanceUID, DicomTag.InstanceNumber, DicomTag.Rows, DicomTag.Columns,
        DicomTag.NumberOfFrames, DicomTag.StudyInstanceUID, DicomTag.SeriesInstanceUID, DicomTag.Modality,
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        var web = app.MapGroup("/dicom-web").RequireAuthorization(WebRoles.CanView);
        web.MapGet("/studies", (HttpContext c, ResultIndex index) => Search(c, index, null, null, Studies));
        web.MapGet("/series", (HttpContext c, ResultIndex index) => Search(c, index, null, null, Series));
        web.MapGet("/instances", (HttpContext c, ResultIndex index) => Search(c, index, null, null, Instances));
        web.MapGet("/studies/{study}/series", (string study, HttpContext c, ResultIndex index) => Search(c, index, study, null, Series));
        web.MapGet("/studies/{study}/instances", (string study, HttpContext c, ResultIndex index) => Search(c, index, study, null, Instances));
        web.MapGet("/studies/{study}/series/{series}/instances", (string study, string series, HttpContext c, ResultIndex index) => Search(c, index, study, series, Instances));

        web.MapGet("/studies/{study}", (string study, HttpContext c, ResultIndex index) => Retrieve(c, Select(index, study, null, null)));
        web.MapGet("/studies/{study}/series/{series}", (string study, string series, HttpContext c, ResultIndex index) => Retrieve(c, Select(index, study, series, null)));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}", (string study, string series, string instance, HttpContext c, ResultIndex index) =>
            Retrieve(c, Select(index, study, series, instance)));
        web.MapGet("/studies/{study}/metadata", (string study, ResultIndex index) => Metadata(Select(index, study, null, null)));
        web.MapGet("/studies/{study}/series/{series}/metadata", (string study, string series, ResultIndex index) => Metadata(Select(index, study, series, null)));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", (string study, string series, string instance, ResultIndex index) =>
            Metadata(Select(index, study, series, instance)));
        WadoFrameEndpoints.Map(app);
    }

    private static List<ResultInstance> Select(ResultIndex index, string study, string? series, string? instance) =>
        [.. index.All().Where(i => i.StudyInstanceUid == study && (series is null || i.SeriesInstanceUid == series) && (instance is null || i.SopInstanceUid == instance))];

    private static IResult Search(HttpContext context, ResultIndex index, string? study, string? series,
        Func<HttpContext, IEnumerable<ResultInstance>, QidoQuery, IResult> level)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Contains("*/*", StringComparison.Ordinal) && !accept.Contains("application/dicom+json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem("QIDO-RS answers application/dicom+json", statusCode: StatusCodes.Status406NotAcceptable);
        }

        if (QidoQuery.Parse(context.Request.Query, out var error) is not { } query)
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }

        return level(context, index.All().Where(i => (study is null || i.StudyInstanceUid == study) && (series is null || i.SeriesInstanceUid == series) && query.IsMatch(i)), query);
    }

    private static IResult Studies(HttpContext context, IEnumerable<ResultInstance> found, QidoQuery query) =>
        Json(Page(query, found.GroupBy(i => i.StudyInstanceUid).Select(g =>
        {
            var d = Copy(g.First().Header, StudyTags, query);
            d.AddOrUpdate(DicomTag.ModalitiesInStudy, [.. g.Select(i => i.Modality).Where(m => m.Length > 0).Distinct().Order(StringComparer.Ordinal)]);
            d.AddOrUpdate(DicomTag.NumberOfStudyRelatedSeries, Count(g.Select(i => i.SeriesInstanceUid).Distinct().Count()));
            d.AddOrUpdate(DicomTag.NumberOfStudyRelatedInstances, Count(g.Count()));
            d.AddOrUpdate(DicomTag.RetrieveURL, RetrieveUrl(context, g.Key));
            return d;
        })));

    private static IResult Series(HttpContext context, IEnumerable<ResultInstance> found, QidoQuery query) =>
        Json(Page(query, found.GroupBy(i => (i.StudyInstanceUid, i.SeriesInstanceUid)).Select(g =>
        {
            var d = Copy(g.First().Header, SeriesTags, query);
            d.AddOrUpdate(DicomTag.NumberOfSeriesRelatedInstances, Count(g.Count()));
            d.AddOrUpdate(DicomTag.RetrieveURL, RetrieveUrl(context, g.Key.StudyInstanceUid, g.Key.SeriesInstanceUid));
            return d;
        })));

    private static IResult Instances(HttpContext context, IEnumerable<ResultInstance> found, QidoQuery query) =>
        Json(Page(query, found.Select(i =>
        {
            var d = Copy(i.Header, InstanceTags, query);
            d.AddOrUpdate(DicomTag.RetrieveURL, RetrieveUrl(context, i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid));
            return d;
        })));

    private static IEnumerable<DicomDataset> Page(QidoQuery query, IEnumerable<DicomDataset> all) => all.Skip(query.Offset).Take(query.Limit);

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string RetrieveUrl(HttpContext context, params string[] path)
    {
        var kinds = new[] { "studies", "series", "instances" };
        var url = new StringBuilder($"{context.Request.Scheme}://{context.Request.Host}/dicom-web");
        for (var i = 0; i < path.Length; i++)
        {
            url.Append('/').Append(kinds[i]).Append('/').Append(path[i]);
        }

        return url.ToString();
    }

    /// <summary>The level's attributes, those the query matched on or asked for by includefield, or every one of the header for includefield=all.</summary>
    private static DicomDataset Copy(DicomDataset header, DicomTag[] tags, QidoQuery query)
    {
        var d = new DicomDataset();
        foreach (var item in query.IncludeAll ? header : tags.Concat(query.IncludeFields).Select(header.GetItem).OfType<DicomItem>())
        {
            d.AddOrUpdate(item.Clone());
        }

        return d;
    }

    private static IResult Json(IEnumerable<DicomDataset> datasets)
    {
        var list = datasets.ToList();
        if (list.Count == 0)
        {
            return Results.NoContent(); // PS3.18: a search without matches answers 204
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var d in list)
            {
                DicomJsonWriter.Write(json, d);
            }

            json.WriteEndArray();
        }

        return Results.Bytes(buffer.ToArray(), DicomJson);
    }

    private static IResult Metadata(List<ResultInstance> found)
    {
        if (found.Count == 0)
        {
            return Results.NotFound();
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var instance in found)
            {
                DicomJsonWriter.Write(json, instance.Header);
            }

            json.WriteEndArray();
        }

        return Results.Bytes(buffer.ToArray(), DicomJson);
    }

    private static IResult Retrieve(HttpContext context, List<ResultInstance> found)
    {
        if (found.Count == 0)
        {
            return Results.NotFound();
        }

        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Contains("*/*", StringComparison.Ordinal) && !accept.Contains("application/dicom", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status406NotAcceptable);
        }

        var boundary = "radcnn-" + Guid.NewGuid().ToString("N");
        return Results.Stream(async body =>
        {
            foreach (var instance in found)
            {
                var bytes = await File.ReadAllBytesAsync(instance.Path, context.RequestAborted).ConfigureAwait(false);
                var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"--{boundary}\r\nContent-Type: application/dicom\r\nContent-Length: {bytes.Length}\r\n\r\n"));
                await body.WriteAsync(head, context.RequestAborted).ConfigureAwait(false);
                await body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
                await body.WriteAsync("\r\n"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
            }

            await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), context.RequestAborted).ConfigureAwait(false);
        }, $"multipart/related; type=\"application/dicom\"; boundary={boundary}");
    }
}
