using System.Diagnostics;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Bench.ReportNlp;
using RadCnn.Plugins.ReportNlp;
using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Evaluation;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Training;
using RadCnn.Training.Phantoms.Reports;

// Usage (run through ./radcnn exec: libtorch):
//   RadCnn.Bench.ReportNlp report-embeddings [--out plugins/ReportNlp/model] [--data TXT_DIR] [--dim 32] [--epochs 5]
//   RadCnn.Bench.ReportNlp report-pe [--out plugins/ReportNlp/model] [--data LABELLED_DIR] [--count 3000] [--epochs 10]
//   RadCnn.Bench.ReportNlp eval report-pe [--model plugins/ReportNlp/model] [--seed 9001] [--count 1000] [--data DIR] [--json]
//   RadCnn.Bench.ReportNlp bench PLUGIN_FOLDER [--count 500] [--seed 4242]
var verb = args.Length > 0 ? args[0] : "help";
var options = new Arguments(args);
var modelDirectory = options.Text("--out") ?? options.Text("--model") ?? Path.Combine("plugins", "ReportNlp", "model");
if (options.Text("--threads") is { } threads)
{
    TorchSharp.torch.set_num_threads(int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture));
}

switch (verb)
{
    case ReportEmbeddingsRecipe.Task:
    {
        var (_, card) = ReportEmbeddingsRecipe.Run(modelDirectory, options.Text("--data"), new SkipGramOptions
        {
            Dimensions = options.Int("--dim", 32),
            Epochs = options.Int("--epochs", 5),
        }, Console.Error.WriteLine);
        var cardPath = Path.Combine(modelDirectory, ReportModelCard.FileName);
        var existing = File.Exists(cardPath) ? ReportModelCard.Load(cardPath) : new ReportModelCard();
        (existing with { Embeddings = card, Dimensions = card.Dimensions }).Save(cardPath);
        Console.WriteLine(JsonSerializer.Serialize(card));
        return 0;
    }

    case ReportPeRecipe.Task:
    {
        var command = "RadCnn.Bench.ReportNlp " + string.Join(' ', args);
        var card = ReportPeRecipe.Run(modelDirectory, options.Text("--data"), new ReportPeOptions { Epochs = options.Int("--epochs", 10), WordDropout = options.Double("--word-dropout", 0.3) }, options.Int("--count", ReportData.TrainCount), command, Console.Error.WriteLine);
        var manifest = Path.Combine(modelDirectory, "..", "plugin.json");
        if (File.Exists(manifest))
        {
            ManifestPins.Update(manifest);
        }

        Console.WriteLine(JsonSerializer.Serialize(new { card.Threshold, card.Temperature, card.Validation }));
        return 0;
    }

    case "eval":
    {
        using var model = ReportModel.LoadFolder(modelDirectory);
        var count = options.Int("--count", 1000);
        var seed = options.Int("--seed", ReportData.HeldOutSeed);
        var reports = new List<EvaluationReport>();
        if (options.Text("--data") is { } data)
        {
            reports.Add(ReportEvaluation.Run(model, ReportData.ReadFolder(data), $"labelled reports in {data}", seed: seed));
        }
        else
        {
            reports.Add(ReportEvaluation.Run(model, ReportSetWriter.Generate(new CtpaReportGenerator(), count, seed), $"dictated reports, unseen seed {seed}", seed: seed));
            var second = options.Int("--second-seed", ReportData.SecondStyleSeed);
            reports.Add(ReportEvaluation.Run(model, ReportSetWriter.Generate(new StructuredReportGenerator(), Math.Max(1, count / 2), second), $"structured reports (second generator), seed {second}", seed: second));
            var third = options.Int("--third-seed", 9003);
            reports.Add(ReportEvaluation.Run(model, ReportSetWriter.Generate(new TerseReportGenerator(), Math.Max(1, count / 2), third), $"terse preliminary reads (third generator, blind), seed {third}", seed: third));
        }

        foreach (var report in reports)
        {
            Console.WriteLine(options.Flag("--json") ? JsonSerializer.Serialize(report) : report.ToTable());
        }

        return 0;
    }

    case "bench":
    {
        var folder = args.Length > 1 ? args[1] : Path.Combine("plugins", "ReportNlp", "bin", "Release", "net10.0");
        var count = options.Int("--count", 500);
        var seed = options.Int("--seed", 4242);
        var texts = ReportSetWriter.Generate(new CtpaReportGenerator(), count, seed).Select(r => r.Text).ToList();
        var engine = BenchContext.CreateEngine();
        async Task<double> PerSecondAsync(bool probes, bool evidence = true)
        {
            await using var plugin = new PulmonaryEmbolismPlugin();
            await plugin.InitializeAsync(new BenchContext(folder, engine, probes, evidence), CancellationToken.None);
            await plugin.ReadAsync(texts[0], InferencePriority.Routine, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (text, token) =>
                await plugin.ReadAsync(text, InferencePriority.Routine, token));
            return count / watch.Elapsed.TotalSeconds;
        }

        var decisionOnly = await PerSecondAsync(probes: false, evidence: false);
        var plain = await PerSecondAsync(probes: false);
        var probed = await PerSecondAsync(probes: true);
        using var model = ReportModel.LoadFolder(Path.Combine(folder, "model"));
        model.Probabilities(texts.Take(8).ToList());
        var watch = Stopwatch.StartNew();
        model.Probabilities(texts);
        var batched = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "report-nlp",
            reports = count,
            seed,
            threads = TorchSharp.torch.get_num_threads(),
            reports_per_second_plugin_decision_only = Math.Round(decisionOnly, 1),
            reports_per_second_plugin_with_evidence = Math.Round(plain, 1),
            reports_per_second_plugin_with_evidence_fgsm_and_perturbations = Math.Round(probed, 1),
            reports_per_second_batched_model = Math.Round(batched, 1),
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
        }));
        await ((IAsyncDisposable)engine).DisposeAsync();
        return 0;
    }

    case "rule-errors":
    {
        foreach (var r in ReportSetWriter.Generate(new CtpaReportGenerator(), options.Int("--count", 300), options.Int("--seed", 9001)))
        {
            var reading = RadCnn.Plugins.ReportNlp.Rules.NegExBaseline.Read(r.Text);
            if (reading.Positive != (r.Label == 1))
            {
                Console.WriteLine($"== {r.Subset} label {r.Label}: {string.Join("; ", reading.Mentions.Select(m => $"{m.Term}/{m.Status}/{m.Trigger}"))}\n{r.Text}");
            }
        }

        return 0;
    }

    default:
        Console.Error.WriteLine("usage: RadCnn.Bench.ReportNlp report-embeddings|report-pe|eval report-pe|bench [options]; see bench/report-nlp/run");
        return 2;
}
