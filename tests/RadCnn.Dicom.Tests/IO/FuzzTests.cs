using System.Buffers.Binary;
using System.Diagnostics;
using RadCnn.Dicom.IO;
using RadCnn.Dicom.Tests.Oracle;
using Xunit.Abstractions;

namespace RadCnn.Dicom.Tests.IO;

/// <summary>
/// Property test over random mutations of the corpus: whatever the bytes, reading ends in a dataset or a
/// DicomFormatException, never another exception, a hang or a runaway allocation. Values of what was
/// read are then decoded and written back, which must not fail in any other way either. The seed is
/// fixed so a failure can be replayed; RADCNN_FUZZ_SEED and RADCNN_FUZZ_CASES explore further.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly uint[] InterestingLengths = [0, 1, 2, 3, 4, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    [Fact]
    public void Hundred_thousand_mutated_files_never_fail_other_than_with_DicomFormatException()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RADCNN_FUZZ_SEED"), out var s) ? s : 20261126;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("RADCNN_FUZZ_CASES"), out var c) ? c : 100_000;

        // Small files only, so 100,000 cases take seconds: every syntax and structure is among them.
        var corpus = DicomCorpus.Files().Select(File.ReadAllBytes).Where(b => b.Length <= 24 * 1024).ToArray();
        Assert.True(corpus.Length > 50, $"only {corpus.Length} corpus files");
        _ = DicomTag.PatientName.DictionaryEntry;

        var random = new Random(seed);
        var buffer = new byte[64 * 1024];
        var rejected = 0;
        var worst = TimeSpan.Zero;
        long worstAllocationPerByte = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var length = Mutate(corpus[random.Next(corpus.Length)], buffer, random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = clock.Elapsed;
            try
            {
                var file = DicomFile.Open(new MemoryStream(buffer, 0, length, writable: false, publiclyVisible: true));
                Exercise(file);
            }
            catch (DicomFormatException e)
            {
                rejected++;
                if (e.InnerException is not null and not InvalidDataException and not FormatException and not InvalidCastException and not OverflowException)
                {
                    Assert.Fail($"case {i} (seed {seed}): parser fault wrapped as DicomFormatException: {e.InnerException}");
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} (seed {seed}): {e.GetType().Name}: {e}");
            }

            var elapsed = clock.Elapsed - started;
            worst = elapsed > worst ? elapsed : worst;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // Parsing and writing back costs a multiple of the input (objects per element, the written
            // copy), never anything like a hostile length: 4 GB claimed in a 40 kB file must not show.
            Assert.True(allocated < 64L * length + (4 << 20), $"case {i} (seed {seed}): allocated {allocated} bytes for {length} bytes");
            worstAllocationPerByte = Math.Max(worstAllocationPerByte, allocated / Math.Max(length, 1));
        }

        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s, {rejected} rejected, slowest {worst.TotalMilliseconds:F1} ms, worst {worstAllocationPerByte} bytes allocated per input byte");
        Assert.True(worst < TimeSpan.FromSeconds(5), $"slowest case took {worst}");
    }

    /// <summary>Reads every value the way callers do, and writes the file back.</summary>
    private static void Exercise(DicomFile file)
    {
        Visit(file.Dataset);
        if (!file.TransferSyntax.IsBigEndian)
        {
            file.Save(Stream.Null);
        }

        DicomDatasetSerializer.ToBytes(file.Dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    private static void Visit(DicomDataset dataset)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomElement element:
                    try
                    {
                        dataset.TryGetString(element.Tag, out _);
                        dataset.TryGetValues<string>(element.Tag, out _);
                        if (element.VR.Kind == DicomVRKind.Binary || element.VR == DicomVR.IS || element.VR == DicomVR.DS)
                        {
                            dataset.TryGetValues<double>(element.Tag, out _);
                        }
                    }
                    catch (DicomFormatException)
                    {
                    }

                    break;
                case DicomSequence sequence:
                    foreach (var child in sequence.Items)
                    {
                        Visit(child);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    _ = fragments.BasicOffsetTable;
                    for (var i = 0; i < fragments.FragmentCount; i++)
                    {
                        _ = fragments.GetFragment(i);
                    }

                    break;
            }
        }
    }

    private static int Mutate(byte[] source, byte[] target, Random random)
    {
        var length = Math.Min(source.Length, target.Length);
        source.AsSpan(0, length).CopyTo(target);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations && length > 8; m++)
        {
            var at = random.Next(length - 4);
            switch (random.Next(6))
            {
                case 0:
                    target[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    target[at] = (byte)random.Next(256);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(at), InterestingLengths[random.Next(InterestingLengths.Length)]);
                    break;
                case 3:
                    BinaryPrimitives.WriteUInt16LittleEndian(target.AsSpan(at), (ushort)InterestingLengths[random.Next(InterestingLengths.Length)]);
                    break;
                case 4:
                    length = 1 + random.Next(length); // truncate
                    break;
                default:
                    // Structural bytes: an item, delimiter or pixel data tag dropped somewhere.
                    ReadOnlySpan<uint> tags = [0xE000FFFE, 0xE00DFFFE, 0xE0DDFFFE, 0x00107FE0, 0x51530000];
                    BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(at), tags[random.Next(tags.Length)]);
                    break;
            }
        }

        return length;
    }
}
