namespace RadCnn.Plugins.ReportNlp.Embeddings;

/// <summary>
/// Skip-gram with negative sampling over words and their character n-grams (Bojanowski et al.'s
/// fastText): each word's input vector is the mean of its word row and n-gram rows; it is trained to
/// score its context words above words drawn from the unigram distribution raised to 0.75. Runs on
/// managed arrays on one thread, so the same corpus and seed give the same vectors.
/// </summary>
internal static class SkipGramTrainer
{
    private const int NegativeTableSize = 1 << 20;

    public static SubwordEmbeddings Train(IReadOnlyList<string[]> corpus, SkipGramOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in corpus.SelectMany(s => s))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var vocabulary = counts.Where(p => p.Value >= options.MinCount).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToArray();
        var ids = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        var dim = options.Dimensions;
        var random = new Random(options.Seed);
        var input = new float[(vocabulary.Length + options.Buckets) * dim];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() - 0.5) / dim);
        }

        var output = new float[vocabulary.Length * dim];
        var table = NegativeTable(vocabulary, counts);
        var rowsOf = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int[] Rows(string word)
        {
            if (!rowsOf.TryGetValue(word, out var rows))
            {
                rows = [.. SubwordEmbeddings.RowsOf(word, ids, options.Buckets, options.MinN, options.MaxN)];
                rowsOf[word] = rows;
            }

            return rows;
        }

        var total = (long)options.Epochs * corpus.Sum(s => s.Length);
        long done = 0;
        var hidden = new float[dim];
        var gradient = new float[dim];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            double loss = 0;
            long pairs = 0;
            foreach (var sentence in corpus)
            {
                for (var i = 0; i < sentence.Length; i++, done++)
                {
                    var lr = (float)(options.LearningRate * Math.Max(1e-4, 1 - ((double)done / total)));
                    var rows = Rows(sentence[i]);
                    if (rows.Length == 0)
                    {
                        continue;
                    }

                    Array.Clear(hidden);
                    foreach (var row in rows)
                    {
                        for (var d = 0; d < dim; d++)
                        {
                            hidden[d] += input[(row * dim) + d];
                        }
                    }

                    for (var d = 0; d < dim; d++)
                    {
                        hidden[d] /= rows.Length;
                    }

                    Array.Clear(gradient);
                    var reach = random.Next(1, options.Window + 1);
                    for (var j = Math.Max(0, i - reach); j <= Math.Min(sentence.Length - 1, i + reach); j++)
                    {
                        if (j == i || !ids.TryGetValue(sentence[j], out var context))
                        {
                            continue;
                        }

                        for (var k = 0; k <= options.Negatives; k++)
                        {
                            var target = k == 0 ? context : table[random.Next(table.Length)];
                            if (k > 0 && target == context)
                            {
                                continue;
                            }

                            var label = k == 0 ? 1f : 0f;
                            var offset = target * dim;
                            float dot = 0;
                            for (var d = 0; d < dim; d++)
                            {
                                dot += hidden[d] * output[offset + d];
                            }

                            var score = 1f / (1f + MathF.Exp(-Math.Clamp(dot, -8f, 8f)));
                            loss -= k == 0 ? Math.Log(score + 1e-7) : Math.Log(1 - score + 1e-7);
                            var g = lr * (label - score);
                            for (var d = 0; d < dim; d++)
                            {
                                gradient[d] += g * output[offset + d];
                                output[offset + d] += g * hidden[d];
                            }
                        }

                        pairs++;
                    }

                    foreach (var row in rows)
                    {
                        for (var d = 0; d < dim; d++)
                        {
                            input[(row * dim) + d] += gradient[d];
                        }
                    }
                }
            }

            progress?.Invoke(FormattableString.Invariant($"embeddings epoch {epoch + 1}/{options.Epochs}: loss per pair {loss / Math.Max(1, pairs):F4}"));
        }

        var (mean, scale) = Standardisation(corpus, dim, input, Rows);
        return new SubwordEmbeddings(dim, options.Buckets, options.MinN, options.MaxN, vocabulary, input, mean, scale);
    }

    private static int[] NegativeTable(string[] vocabulary, Dictionary<string, int> counts)
    {
        var weights = vocabulary.Select(w => Math.Pow(counts[w], 0.75)).ToArray();
        var sum = weights.Sum();
        var table = new int[NegativeTableSize];
        var word = 0;
        var cumulative = weights.Length > 0 ? weights[0] / sum : 1;
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = word;
            if ((double)(i + 1) / table.Length > cumulative && word < weights.Length - 1)
            {
                word++;
                cumulative += weights[word] / sum;
            }
        }

        return table;
    }

    /// <summary>Mean and 1/SD of the raw token vectors over the corpus (every token counted once per occurrence).</summary>
    private static (float[] Mean, float[] Scale) Standardisation(IReadOnlyList<string[]> corpus, int dim, float[] input, Func<string, int[]> rowsOf)
    {
        var sum = new double[dim];
        var squares = new double[dim];
        long n = 0;
        var vector = new double[dim];
        foreach (var word in corpus.SelectMany(s => s))
        {
            var rows = rowsOf(word);
            if (rows.Length == 0)
            {
                continue;
            }

            Array.Clear(vector);
            foreach (var row in rows)
            {
                for (var d = 0; d < dim; d++)
                {
                    vector[d] += input[(row * dim) + d];
                }
            }

            for (var d = 0; d < dim; d++)
            {
                var v = vector[d] / rows.Length;
                sum[d] += v;
                squares[d] += v * v;
            }

            n++;
        }

        var mean = new float[dim];
        var scale = new float[dim];
        for (var d = 0; d < dim; d++)
        {
            var m = sum[d] / Math.Max(1, n);
            var sd = Math.Sqrt(Math.Max(1e-12, (squares[d] / Math.Max(1, n)) - (m * m)));
            mean[d] = (float)m;
            scale[d] = (float)(1 / sd);
        }

        return (mean, scale);
    }
}
