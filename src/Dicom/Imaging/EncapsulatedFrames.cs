namespace RadCnn.Dicom.Imaging;

/// <summary>
/// Which fragments of encapsulated pixel data make each frame (PS3.5 A.4): from the Extended Offset
/// Table, else the Basic Offset Table, else one fragment per frame, else all fragments for a single
/// frame. Offsets count from the first fragment's item tag, 8 header bytes per fragment. Only the
/// fragments of the frame asked for are read from the file.
/// </summary>
internal sealed class EncapsulatedFrames
{
    private readonly DicomFragmentSequence _fragments;
    private readonly int[] _firstFragment;

    public EncapsulatedFrames(DicomFragmentSequence fragments, IReadOnlyList<ulong> offsets, int frames)
    {
        _fragments = fragments;
        _firstFragment = new int[frames + 1];
        _firstFragment[frames] = fragments.FragmentCount;
        if (offsets.Count >= frames && frames > 0 && offsets.Count > 0)
        {
            // Map each offset to the fragment whose item starts there.
            var positions = new Dictionary<ulong, int>();
            ulong position = 0;
            for (var i = 0; i < fragments.FragmentCount; i++)
            {
                positions[position] = i;
                position += 8 + (ulong)fragments.GetFragmentLength(i);
            }

            for (var f = 0; f < frames; f++)
            {
                if (!positions.TryGetValue(offsets[f], out _firstFragment[f]) || (f > 0 && _firstFragment[f] < _firstFragment[f - 1]))
                {
                    throw new DicomPixelDataException($"the offset table points frame {f} at byte {offsets[f]}, where no fragment starts");
                }
            }
        }
        else if (fragments.FragmentCount == frames)
        {
            for (var f = 0; f < frames; f++)
            {
                _firstFragment[f] = f;
            }
        }
        else if (frames == 1)
        {
            _firstFragment[0] = 0;
        }
        else
        {
            throw new DicomPixelDataException($"{frames} frames in {fragments.FragmentCount} fragments without an offset table: which fragments make which frame is unknown");
        }
    }

    /// <summary>The bytes of one frame: its fragments, concatenated.</summary>
    public byte[] GetFrame(int frame)
    {
        var first = _firstFragment[frame];
        var end = _firstFragment[frame + 1];
        if (end <= first)
        {
            throw new DicomPixelDataException($"frame {frame} has no fragments");
        }

        long length = 0;
        for (var i = first; i < end; i++)
        {
            length += _fragments.GetFragmentLength(i);
        }

        var bytes = new byte[checked((int)length)];
        var at = 0;
        for (var i = first; i < end; i++)
        {
            var n = (int)_fragments.GetFragmentLength(i);
            _fragments.CopyFragment(i, 0, bytes.AsSpan(at, n));
            at += n;
        }

        return bytes;
    }
}
