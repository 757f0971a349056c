using RadCnn.Dicom.Network.Listener;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.Dicom.Network.Upper;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>
/// DICOM user identity negotiation (PS3.7 D.3.3.7) as a second factor beside the AE allow-list, against
/// DCMTK's storescu (--user, --password, --pos-response): the right identity is accepted (with the
/// positive response storescu waits for), a wrong one or none is rejected, secrets are kept hashed.
/// </summary>
public sealed class UserIdentityTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Storescu_with_the_right_username_and_password_stores_and_gets_a_positive_response()
    {
        await using var listener = await StartAsync($"STORESCU alice {DicomCallerCredential.Hash(Password, 10_000)}");
        var result = Dcmtk.Store(listener.Port, [OneFile()], extra: ["--user", "alice", "--password", Password, "--pos-response"]);
        Assert.True(result.ExitCode == 0, result.Combined);
        Assert.Single(listener.StoredFiles());
    }

    [Theory]
    [InlineData("alice", "wrong password")]
    [InlineData("mallory", Password)]
    [InlineData(null, null)]
    public async Task Storescu_with_a_wrong_identity_or_none_is_rejected_and_nothing_is_stored(string? user, string? password)
    {
        await using var listener = await StartAsync($"STORESCU alice {DicomCallerCredential.Hash(Password, 10_000)}");
        string[] extra = user is null ? [] : ["--user", user, "--password", password!];
        var result = Dcmtk.Store(listener.Port, [OneFile()], extra: extra);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Association Rejected", result.Combined, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(listener.StoredFiles());
    }

    [Fact]
    public async Task A_shared_secret_sent_as_the_username_is_accepted_and_a_wrong_one_rejected()
    {
        await using var listener = await StartAsync($"STORESCU * {DicomCallerCredential.Hash("s3cr3t-token", 10_000)}");
        Assert.True(Dcmtk.Store(listener.Port, [OneFile()], extra: ["--user", "s3cr3t-token"]).ExitCode == 0);
        Assert.NotEqual(0, Dcmtk.Store(listener.Port, [OneFile()], extra: ["--user", "guess"]).ExitCode);
        Assert.Single(listener.StoredFiles());
    }

    [Fact]
    public async Task A_caller_without_a_credential_is_not_asked_for_one()
    {
        await using var listener = await StartAsync($"STORESCU alice {DicomCallerCredential.Hash(Password, 10_000)}");
        var result = Dcmtk.Store(listener.Port, [OneFile()], callingAe: "OTHERSCU");
        Assert.True(result.ExitCode == 0, result.Combined);
    }

    [Fact]
    public void A_plain_password_is_refused_and_nothing_secret_is_printed()
    {
        var error = Assert.Throws<FormatException>(() => DicomCallerCredential.Parse("STORESCU alice hunter2"));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        var credential = DicomCallerCredential.Parse($"STORESCU alice {DicomCallerCredential.Hash(Password, 10_000)}");
        Assert.DoesNotContain("pbkdf2", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, new UserIdentityRequest(2, true, "alice"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(Password)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_identity_sub_items_round_trip_through_the_codec()
    {
        var identity = new UserIdentityRequest(2, true, "alice"u8.ToArray(), "pw"u8.ToArray());
        var request = new AssociateRequest("RADCNN", "STORESCU", AssociateCodec.DicomApplicationContext, [], new UserInformation(16384, "1.2.3", null, Identity: identity));
        var decoded = AssociateCodec.DecodeRequest(AssociateCodec.Encode(request).AsSpan(6));
        Assert.Equal(identity.Type, decoded.UserInformation.Identity!.Type);
        Assert.True(decoded.UserInformation.Identity.PositiveResponseRequested);
        Assert.Equal("alice"u8.ToArray(), decoded.UserInformation.Identity.Primary);
        Assert.Equal("pw"u8.ToArray(), decoded.UserInformation.Identity.Secondary);
    }

    private static async Task<RunningListener> StartAsync(string credential) =>
        await RunningListener.StartAsync(o => o.Credentials.Add(DicomCallerCredential.Parse(credential)));

    private static string OneFile() => TestFiles.PydicomUncompressed().First(f => f.Path.EndsWith("CT_small.dcm", StringComparison.Ordinal)).Path;
}
