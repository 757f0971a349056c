using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Text;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Tests.Embeddings;

/// <summary>Skip-gram with subword n-grams: typos and unseen words get vectors near their neighbours; files round-trip.</summary>
public sealed class SkipGramTrainerTests
{
    [Fact]
    public void ATinyCorpusGivesTyposVectorsCloseToTheirWordsAndTheFileRoundTrips()
    {
        var corpus = ReportSetWriter.Generate(new CtpaReportGenerator(typoRate: 0), 300, 77).Select(r => ReportTokenizer.Words(r.Text)).ToList();
        var embeddings = SkipGramTrainer.Train(corpus, new SkipGramOptions { Epochs = 2, Buckets = 1024, Seed = 3 });
        Assert.True(embeddings.Contains("embolism"));
        Assert.False(embeddings.Contains("embolsim"));
        var typo = embeddings.Similarity("embolism", "embolsim");
        var unrelated = embeddings.Similarity("embolism", "calcifications");
        Assert.True(typo > unrelated + 0.2, $"typo {typo:F3}, unrelated {unrelated:F3}");

        var path = Path.Combine(Path.GetTempPath(), $"radcnn-emb-{Guid.NewGuid():N}.bin");
        try
        {
            embeddings.Save(path);
            var loaded = SubwordEmbeddings.Load(path);
            Assert.Equal(embeddings.Vector("saddle"), loaded.Vector("saddle"));
            Assert.Equal(embeddings.Vector("embolsim"), loaded.Vector("embolsim"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheCommittedEmbeddingsStandardiseTheirDimensions()
    {
        var embeddings = SubwordEmbeddings.Load(Path.Combine(Repository.ModelFolder, ReportModel.EmbeddingsFile));
        var words = ReportSetWriter.Generate(new CtpaReportGenerator(), 200, 8001).SelectMany(r => ReportTokenizer.Words(r.Text)).ToList();
        var vectors = words.Select(embeddings.Vector).ToList();
        for (var d = 0; d < embeddings.Dimensions; d++)
        {
            var values = vectors.Select(v => (double)v[d]).ToList();
            var mean = values.Average();
            var sd = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.InRange(mean, -0.3, 0.3);
            Assert.InRange(sd, 0.7, 1.3);
        }
    }

    [Fact]
    public void TheCorruptFileIsRefusedWithAReason()
    {
        using var stream = new MemoryStream([1, 2, 3, 4]);
        Assert.Throws<InvalidDataException>(() => SubwordEmbeddings.Load(stream));
    }
}
