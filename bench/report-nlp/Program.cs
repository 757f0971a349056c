using System.Diagnostics;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Bench.ReportNlp;
using RadCnn.Engine;
using RadCnn.Plugins.ReportNlp;
using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Evaluation;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Training;
using RadCnn.TestSupport.Plugins;
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
            reports.AddRange(HeldOutSets.From(seed, count).Select(set => ReportEvaluation.Run(model, set.Reports, set.Description, seed: seed)));
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
        var engine = InferenceEngineFactory.CreateOnCpu();
        var process = System.Diagnostics.Process.GetCurrentProcess();

        // Wall-clock reports per second and CPU milliseconds per report (all threads of the process):
        // on a shared machine the first depends on the load, the second much less.
        async Task<(double PerSecond, double CpuMs, double Batch)> PerSecondAsync(bool probes, bool evidence = true)
        {
            await using var plugin = new PulmonaryEmbolismPlugin();
            await plugin.InitializeAsync(new PluginTestContext(folder, engine, new Dictionary<string, string?>
            {
                ["Probe"] = probes.ToString(),
                ["Perturbations"] = probes.ToString(),
                ["Evidence"] = evidence.ToString(),
            }), CancellationToken.None);
            // Warm-up long enough for the JIT's tiered recompilation of the hot paths to be done.
            await Parallel.ForEachAsync(ReportSetWriter.Generate(new CtpaReportGenerator(), 256, seed + 1).Select(r => r.Text), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (text, token) =>
                await plugin.ReadAsync(text, InferencePriority.Routine, token));
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (text, token) =>
                await plugin.ReadAsync(text, InferencePriority.Routine, token));
            var seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            return (count / seconds, (process.TotalProcessorTime - cpu).TotalMilliseconds / count, plugin.MeanBatch);
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
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
            in_flight = 32,
            reports_per_second_plugin_decision_only = Math.Round(decisionOnly.PerSecond, 1),
            reports_per_second_plugin_with_evidence = Math.Round(plain.PerSecond, 1),
            reports_per_second_plugin_with_evidence_fgsm_and_perturbations = Math.Round(probed.PerSecond, 1),
            cpu_ms_per_report_decision_only = Math.Round(decisionOnly.CpuMs, 2),
            cpu_ms_per_report_with_evidence = Math.Round(plain.CpuMs, 2),
            cpu_ms_per_report_with_evidence_fgsm_and_perturbations = Math.Round(probed.CpuMs, 2),
            reports_per_cpu_second_with_evidence_fgsm_and_perturbations = Math.Round(1000 / probed.CpuMs, 1),
            mean_batch_with_evidence_fgsm_and_perturbations = Math.Round(probed.Batch, 1),
            reports_per_second_batched_model = Math.Round(batched, 1),
            cores = Environment.ProcessorCount,
            load_average_start = load,
            load_average_end = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
        }));
        await ((IAsyncDisposable)engine).DisposeAsync();
        return 0;
    }

    case "profile":
    {
        // CPU milliseconds per report of each stage of the plugin's reading (process CPU time), batches of 32.
        using var model = ReportModel.LoadFolder(modelDirectory);
        var texts = ReportSetWriter.Generate(new CtpaReportGenerator(), options.Int("--count", 512), options.Int("--seed", 4242)).Select(r => r.Text).ToList();
        using var net = model.CreateNet();
        var reading = new RadCnn.Plugins.ReportNlp.Reading.BatchReading(net, model.Card.Temperature, RadCnn.Training.Decisions.DecisionModule.Logit(model.Threshold), model.Encoder, new RadCnn.Plugins.ReportNlp.Reading.ProbeSettings(), (model.Card.FilterWidths.Max() / 2) + 1);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        double Time(Action action)
        {
            action();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            action();
            process.Refresh();
            return Math.Round((process.TotalProcessorTime - cpu).TotalMilliseconds / texts.Count, 3);
        }

        var words = texts.Select(t => (IReadOnlyList<string>)RadCnn.Plugins.ReportNlp.Text.ReportTokenizer.Words(t)).ToList();
        var rewrites = texts.Select(t => (IReadOnlyList<IReadOnlyList<string>>)Enumerable.Range(0, 3).Select(k => (IReadOnlyList<string>)RadCnn.Plugins.ReportNlp.Text.ReportTokenizer.Words(WordPerturber.Perturb(t, k, k + 1))).ToList()).ToList();
        double Batches(bool probe, bool explain, bool rewrite) => Time(() =>
        {
            for (var start = 0; start < texts.Count; start += 32)
            {
                reading.Run(Enumerable.Range(start, Math.Min(32, texts.Count - start)).Select(i => new RadCnn.Plugins.ReportNlp.Reading.ReadingRequest(words[i], rewrite ? rewrites[i] : [], probe, explain)).ToList());
            }
        });
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tokenize_ms = Time(() => texts.ForEach(t => RadCnn.Plugins.ReportNlp.Text.ReportTokenizer.Tokenize(t))),
            perturb_and_tokenize_3_ms = Time(() => texts.ForEach(t => { for (var k = 0; k < 3; k++) { RadCnn.Plugins.ReportNlp.Text.ReportTokenizer.Words(WordPerturber.Perturb(t, k, k + 1)); } })),
            encode_ms = Time(() => words.ForEach(w => model.Encoder.Encode(w))),
            evidence_ms = Time(() => texts.ForEach(t =>
            {
                var tokens = RadCnn.Plugins.ReportNlp.Text.ReportTokenizer.Tokenize(t);
                Evidence.From(t, tokens, Enumerable.Range(0, tokens.Count).Select(i => (float)((i * 7919) % 101) / 100).ToArray());
            })),
            decision_ms = Batches(false, false, false),
            explain_ms = Batches(false, true, false),
            probe_ms = Batches(true, false, false),
            rewrites_ms = Batches(false, false, true),
            all_ms = Batches(true, true, true),
            mean_tokens = words.Average(w => w.Count),
        }));
        return 0;
    }

    case "cnn-errors":
    {
        using var model = ReportModel.LoadFolder(modelDirectory);
        IReportGenerator generator = options.Text("--style") switch
        {
            "structured" => new StructuredReportGenerator(),
            "terse" => new TerseReportGenerator(),
            "teleradiology" => new TeleradiologyReportGenerator(),
            _ => new CtpaReportGenerator(),
        };
        var reports = ReportSetWriter.Generate(generator, options.Int("--count", 500), options.Int("--seed", 9001));
        var probabilities = model.Probabilities(reports.Select(r => r.Text).ToList());
        for (var i = 0; i < reports.Count; i++)
        {
            if ((probabilities[i] >= model.Threshold) != (reports[i].Label == 1))
            {
                Console.WriteLine($"== {reports[i].Subset} label {reports[i].Label} p={probabilities[i]:F3}\n{reports[i].Text}");
            }
        }

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
