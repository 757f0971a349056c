using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.ReportNlp.Evaluation;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Reading;
using RadCnn.Plugins.ReportNlp.Text;
using RadCnn.Training.Decisions;
using RadCnn.Training.Phantoms.Reports;
using static TorchSharp.torch;

namespace RadCnn.Plugins.ReportNlp.Tests.Reading;

/// <summary>The plugin's batched fast path gives the decisions, FGSM flips and Grad-CAM of the module the shared engine runs.</summary>
public sealed class BatchReadingTests
{
    [Fact]
    public void TheUnfoldedBanksGiveTheConvolutionsSums()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var layer = new ParallelConvolutions(8, [1, 3, 5], 4);
        var x = randn(3, 1, 11, 8);
        layer.train();
        var convolved = layer.call(x);
        layer.eval();
        var unfolded = layer.call(x);
        Assert.Equal(convolved.shape, unfolded.shape);
        Assert.True(convolved.allclose(unfolded, rtol: 1e-4, atol: 1e-5), $"largest difference {(convolved - unfolded).abs().max().item<float>()}");
    }

    [Fact]
    public async Task BatchedReadingAgreesWithTheModelAndTheEngine()
    {
        using var model = ReportModel.LoadFolder(Repository.ModelFolder);
        var reports = ReportSetWriter.Generate(new CtpaReportGenerator(), 48, 7007)
            .Concat(ReportSetWriter.Generate(new TerseReportGenerator(), 16, 7008)).ToList();
        var words = reports.Select(r => (IReadOnlyList<string>)ReportTokenizer.Words(r.Text)).ToList();
        using var net = model.CreateNet();
        var reading = new BatchReading(net, model.Card.Temperature, DecisionModule.Logit(model.Threshold), model.Encoder, new ProbeSettings(), (model.Card.FilterWidths.Max() / 2) + 1);
        var rewrites = reports.Select(r => (IReadOnlyList<IReadOnlyList<string>>)[.. Enumerable.Range(0, 3).Select(k => (IReadOnlyList<string>)ReportTokenizer.Words(WordPerturber.Perturb(r.Text, k, k + 1)))]).ToList();
        var outcomes = Enumerable.Range(0, reports.Count).Chunk(20)
            .SelectMany(chunk => reading.Run([.. chunk.Select(i => new ReadingRequest(words[i], rewrites[i], Probe: true, Explain: true))])).ToList();

        var encoded = words.Select(w => model.Encoder.Encode(w)).ToList();
        var probabilities = model.Probabilities(encoded);
        var fgsm = model.FgsmFlips(encoded, 0.02);
        Assert.Contains(outcomes, o => o.Positive);
        Assert.Contains(outcomes, o => !o.Positive);
        for (var i = 0; i < reports.Count; i++)
        {
            Assert.Equal(probabilities[i], DecisionModule.Probability(outcomes[i].Z, model.Threshold), 3);
            Assert.Equal(fgsm[i], outcomes[i].Robustness!.FlipsAtEpsilon);
            Assert.Equal(words[i].Count, outcomes[i].Heat.Length);
            var rewritten = model.Probabilities(rewrites[i].Select(w => model.Encoder.Encode(w)).ToList());
            Assert.Equal(rewritten.Select(p => p >= model.Threshold), outcomes[i].RewritePositive);
        }

        // Grad-CAM through the shared engine for the same reports and classes.
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        using var handle = shared.Register(new ModelRegistration("report-pe", model.CreateModule, model.Encoder.Shape, ModelOutputKind.ClassLogits) { FeatureLayer = ReportModel.FeatureLayer });
        foreach (var i in new[] { 0, 5, 50 })
        {
            using var input = tensor(encoded[i], model.Encoder.Shape);
            using var map = await shared.ExplainAsync(handle, input, outcomes[i].Positive ? 1 : 0, InferencePriority.Routine, CancellationToken.None);
            var heat = map.select(1, 0).data<float>().ToArray().Take(words[i].Count).ToArray();
            Assert.Equal(Array.IndexOf(heat, heat.Max()), Array.IndexOf(outcomes[i].Heat, outcomes[i].Heat.Max()));

            // The same [0, 1] scaling: the cut matrix keeps an all-zero position, whose value the full map repeats.
            Assert.All(heat.Zip(outcomes[i].Heat), p => Assert.Equal(p.First, p.Second, 3));
        }
    }
}
