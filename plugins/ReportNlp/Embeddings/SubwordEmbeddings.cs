using System.Text;

namespace RadCnn.Plugins.ReportNlp.Embeddings;

/// <summary>
/// Word vectors in the manner of fastText: a word's vector is the mean of its own row (when it is in
/// the vocabulary) and the rows of its character n-grams (hashed into buckets), so a typo or a word
/// never seen still gets a vector close to its neighbours. Vectors are standardised per dimension
/// (mean and standard deviation over the training corpus), so one unit means the same in every
/// dimension and an FGSM epsilon is comparable to image models' normalised inputs.
/// </summary>
internal sealed class SubwordEmbeddings
{
    private const string Magic = "RCSWEMB1";
    private readonly Dictionary<string, int> index;
    private readonly Dictionary<string, float[]> cache = new(StringComparer.Ordinal);
    private readonly Lock cacheLock = new();

    public SubwordEmbeddings(int dimensions, int buckets, int minN, int maxN, IReadOnlyList<string> vocabulary, float[] rows, float[] mean, float[] scale)
    {
        Dimensions = dimensions;
        Buckets = buckets;
        MinN = minN;
        MaxN = maxN;
        Vocabulary = vocabulary;
        Rows = rows;
        Mean = mean;
        Scale = scale;
        index = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        if (rows.Length != (vocabulary.Count + buckets) * dimensions || mean.Length != dimensions || scale.Length != dimensions)
        {
            throw new InvalidDataException("the embedding tables do not match their declared sizes");
        }
    }

    public int Dimensions { get; }

    public int Buckets { get; }

    public int MinN { get; }

    public int MaxN { get; }

    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Input rows: the vocabulary's words, then the n-gram buckets; row-major, <see cref="Dimensions"/> wide.</summary>
    public float[] Rows { get; }

    public float[] Mean { get; }

    /// <summary>1 / standard deviation per dimension.</summary>
    public float[] Scale { get; }

    public bool Contains(string word) => index.ContainsKey(word);

    /// <summary>The rows (word row first when known) whose mean is <paramref name="word"/>'s raw vector.</summary>
    public static List<int> RowsOf(string word, IReadOnlyDictionary<string, int> vocabulary, int buckets, int minN, int maxN)
    {
        var rows = new List<int>();
        if (vocabulary.TryGetValue(word, out var id))
        {
            rows.Add(id);
        }

        var padded = "<" + word + ">";
        for (var n = minN; n <= maxN; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                if (n == padded.Length)
                {
                    continue; // the whole word is the word row's job
                }

                rows.Add(vocabulary.Count + (int)(Fnv(padded.AsSpan(start, n)) % (uint)buckets));
            }
        }

        return rows;
    }

    /// <summary>The standardised vector of <paramref name="word"/> (cached; do not modify it).</summary>
    public float[] Vector(string word)
    {
        lock (cacheLock)
        {
            if (cache.TryGetValue(word, out var cached))
            {
                return cached;
            }
        }

        var rows = RowsOf(word, index, Buckets, MinN, MaxN);
        var vector = new float[Dimensions];
        foreach (var row in rows)
        {
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] += Rows[(row * Dimensions) + d];
            }
        }

        for (var d = 0; d < Dimensions; d++)
        {
            var raw = rows.Count > 0 ? vector[d] / rows.Count : Mean[d];
            vector[d] = (raw - Mean[d]) * Scale[d];
        }

        lock (cacheLock)
        {
            if (cache.Count < 200_000)
            {
                cache[word] = vector;
            }
        }

        return vector;
    }

    /// <summary>Cosine similarity of two words' standardised vectors.</summary>
    public double Similarity(string a, string b)
    {
        var x = Vector(a);
        var y = Vector(b);
        double dot = 0, nx = 0, ny = 0;
        for (var d = 0; d < Dimensions; d++)
        {
            dot += x[d] * y[d];
            nx += x[d] * x[d];
            ny += y[d] * y[d];
        }

        return dot / Math.Sqrt(Math.Max(nx * ny, 1e-12));
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Dimensions);
        writer.Write(Buckets);
        writer.Write(MinN);
        writer.Write(MaxN);
        writer.Write(Vocabulary.Count);
        foreach (var word in Vocabulary)
        {
            writer.Write(word);
        }

        foreach (var array in new[] { Rows, Mean, Scale })
        {
            foreach (var value in array)
            {
                writer.Write(value);
            }
        }
    }

    /// <exception cref="InvalidDataException">Not an embeddings file of this format.</exception>
    public static SubwordEmbeddings Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("not a RadCnn subword embeddings file");
            }

            var dimensions = reader.ReadInt32();
            var buckets = reader.ReadInt32();
            var minN = reader.ReadInt32();
            var maxN = reader.ReadInt32();
            var words = reader.ReadInt32();
            if (dimensions is < 1 or > 1024 || buckets is < 1 or > 10_000_000 || words is < 0 or > 10_000_000)
            {
                throw new InvalidDataException("the embeddings header is out of range");
            }

            var vocabulary = new string[words];
            for (var i = 0; i < words; i++)
            {
                vocabulary[i] = reader.ReadString();
            }

            float[] Read(int count)
            {
                var values = new float[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = reader.ReadSingle();
                }

                return values;
            }

            var rows = Read((words + buckets) * dimensions);
            var mean = Read(dimensions);
            var scale = Read(dimensions);
            return new SubwordEmbeddings(dimensions, buckets, minN, maxN, vocabulary, rows, mean, scale);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the embeddings file is truncated", e);
        }
    }

    public static SubwordEmbeddings Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across runs and platforms.</summary>
    private static uint Fnv(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
