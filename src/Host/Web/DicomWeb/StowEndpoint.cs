using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using RadCnn.Dicom.Network.Negotiation;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Store;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Web.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 10.5), RadCnn's third way in: POST /dicom-web/studies[/{study}] with
/// multipart/related; type="application/dicom". Each part is written to the spool's incoming folder,
/// fsync'd, and handed to the same <see cref="InstanceIngestor"/> as the DICOM listener and the
/// inbox (same checks, same storage SOP classes as the listener accepts); the response is sent only
/// when every stored part is durable. A part that cannot be stored is listed in FailedSOPSequence
/// with its reason and leaves nothing behind. Operators only: storing starts processing.
/// </summary>
internal static partial class StowEndpoint
{
    // PS3.4 status codes used as Failure Reason (0008,1197).
    private const ushort ProcessingFailure = 0x0110;
    private const ushort SopClassNotSupported = 0x0122;
    private const ushort OutOfResources = 0xA700;
    private const ushort StudyMismatch = 0xA900;
    private const ushort CannotUnderstand = 0xC000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/dicom-web/studies", (HttpContext context, InstanceIngestor ingestor, Spool spool, ILoggerFactory logs) => StoreAsync(context, null, ingestor, spool, logs))
            .RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
        app.MapPost("/dicom-web/studies/{study}", (string study, HttpContext context, InstanceIngestor ingestor, Spool spool, ILoggerFactory logs) => StoreAsync(context, study, ingestor, spool, logs))
            .RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
    }

    private static async Task<IResult> StoreAsync(HttpContext context, string? study, InstanceIngestor ingestor, Spool spool, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(StowEndpoint));
        if (!await WebSecurity.PassesCsrfCheckAsync(context).ConfigureAwait(false))
        {
            return Results.BadRequest("missing or wrong antiforgery token");
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Results.Problem("STOW-RS takes multipart/related; type=\"application/dicom\" with a boundary", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var type = contentType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value;
        if (type is { } t && !HeaderUtilities.RemoveQuotes(t).Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem("only application/dicom parts are accepted (not the JSON or XML metadata forms)", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var stored = new List<(string SopClass, string SopInstance)>();
        var failed = new List<(string? SopClass, string? SopInstance, ushort Reason)>();
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null, HeadersLengthLimit = 16 * 1024 };
        var who = WebSecurity.Who(context);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false)) is not null)
        {
            if (section.ContentType is { } partType && !partType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
            {
                await section.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
                failed.Add((null, null, CannotUnderstand));
                continue;
            }

            var temp = Path.Combine(spool.Incoming, $"stow-{Guid.NewGuid():N}.dcm");
            var handed = false;
            InstanceMetadata? metadata = null;
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    await section.Body.CopyToAsync(file, context.RequestAborted).ConfigureAwait(false);
                    // The bytes reach the disk before the ingestor renames them into the spool (as the listener does).
                    file.Flush(flushToDisk: true);
                }

                metadata = InstanceMetadataReader.Read(temp);
                if (!StorageSopClasses.All.Contains(metadata.SopClassUid))
                {
                    failed.Add((metadata.SopClassUid, metadata.SopInstanceUid, SopClassNotSupported));
                    continue;
                }

                if (study is not null && metadata.StudyInstanceUid != study)
                {
                    failed.Add((metadata.SopClassUid, metadata.SopInstanceUid, StudyMismatch));
                    continue;
                }

                handed = true;
                await ingestor.IngestAsync(temp, "dicomweb", who, moveIntoSpool: true, context.RequestAborted).ConfigureAwait(false);
                stored.Add((metadata.SopClassUid, metadata.SopInstanceUid));
            }
            catch (InvalidDataException ex)
            {
                StowLog.Refused(log, nameof(CannotUnderstand), ex.GetType().Name);
                failed.Add((metadata?.SopClassUid, metadata?.SopInstanceUid, CannotUnderstand));
            }
            catch (Exception ex) when (InsufficientStorageException.IsDiskFull(ex))
            {
                StowLog.Refused(log, nameof(OutOfResources), ex.GetType().Name);
                failed.Add((metadata?.SopClassUid, metadata?.SopInstanceUid, OutOfResources));
            }
            catch (Exception ex) when (handed && ex is not OperationCanceledException)
            {
                StowLog.Refused(log, nameof(ProcessingFailure), ex.GetType().Name);
                failed.Add((metadata?.SopClassUid, metadata?.SopInstanceUid, ProcessingFailure));
            }
            finally
            {
                // Whatever was not moved into the spool goes: a refused part leaves nothing behind.
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        var status = failed.Count == 0 ? StatusCodes.Status200OK : stored.Count == 0 ? StatusCodes.Status409Conflict : StatusCodes.Status202Accepted;
        if (stored.Count == 0 && failed.Count == 0)
        {
            return Results.Problem("the request held no parts", statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Content(System.Text.Encoding.UTF8.GetString(Response(stored, failed)), "application/dicom+json", System.Text.Encoding.UTF8, status);
    }

    private static byte[] Response(List<(string SopClass, string SopInstance)> stored, List<(string? SopClass, string? SopInstance, ushort Reason)> failed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (failed.Count > 0)
            {
                json.WriteStartObject("00081198");
                json.WriteString("vr", "SQ");
                json.WriteStartArray("Value");
                foreach (var (sopClass, sopInstance, reason) in failed)
                {
                    json.WriteStartObject();
                    Uid(json, "00081150", sopClass);
                    Uid(json, "00081155", sopInstance);
                    json.WriteStartObject("00081197");
                    json.WriteString("vr", "US");
                    json.WriteStartArray("Value");
                    json.WriteNumberValue(reason);
                    json.WriteEndArray();
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteStartObject("00081199");
            json.WriteString("vr", "SQ");
            json.WriteStartArray("Value");
            foreach (var (sopClass, sopInstance) in stored)
            {
                json.WriteStartObject();
                Uid(json, "00081150", sopClass);
                Uid(json, "00081155", sopInstance);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Uid(Utf8JsonWriter json, string tag, string? value)
    {
        json.WriteStartObject(tag);
        json.WriteString("vr", "UI");
        if (value is { Length: > 0 })
        {
            json.WriteStartArray("Value");
            json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static partial class StowLog
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "STOW-RS part refused ({Status}): {Reason}")]
        public static partial void Refused(ILogger logger, string status, string reason);
    }
}
