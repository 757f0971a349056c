using System.Security.Cryptography;
using RadCnn.Dicom.Network.Storage;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Storage;

/// <summary>
/// The write-out of a received instance: started every <c>writeBehindBytes</c> while fragments
/// arrive, or only once the last one is in (0); the content and its streamed SHA-256 are the same
/// either way.
/// </summary>
public sealed class IncomingInstanceFileTests
{
    [Theory]
    [InlineData(0, 1)] // one write-out, of the whole instance, at the end
    [InlineData(16 * 1024, 10)] // 160 kB in 16 kB steps: ten, the last one at the final fragment
    [InlineData(64 * 1024, 3)] // two full steps and the 32 kB tail
    [InlineData(1024 * 1024, 1)] // a step larger than the instance: as 0
    public void Write_out_starts_every_step_or_only_at_the_end(long step, int expected)
    {
        using var directory = new TempDirectory("radcnn-incoming");
        var fragment = new byte[8 * 1024];
        var all = new List<byte>();
        using var file = IncomingInstanceFile.Create(directory.Path, stayInPlace: true, writeBehindBytes: step);
        for (var i = 0; i < 20; i++)
        {
            Random.Shared.NextBytes(fragment);
            file.Append(fragment);
            all.AddRange(fragment);
        }

        file.EndOfData();
        file.FlushToDisk();

        Assert.Equal(expected, file.WritebackRequests);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. all])), file.ContentSha256());
        file.Close();
        Assert.Equal([.. all], File.ReadAllBytes(file.Path));
    }

    [Fact]
    public void A_negative_step_is_refused()
    {
        using var directory = new TempDirectory("radcnn-incoming");
        Assert.Throws<ArgumentOutOfRangeException>(() => IncomingInstanceFile.Create(directory.Path, writeBehindBytes: -1));
        Assert.Empty(Directory.GetFiles(directory.Path));
    }
}
