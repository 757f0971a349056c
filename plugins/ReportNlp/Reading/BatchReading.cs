using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.ReportNlp.Reading;

/// <summary>
/// Reads a batch of reports in two passes over the text CNN: one forward and backward for all the
/// reports together gives every decision, the gradient at the input (the FGSM direction) and at the
/// feature map (Grad-CAM over tokens); one forward without gradients scores every realistic rewrite
/// and every FGSM step together. Matrices are cut to the longest report in the batch plus the widest
/// filter's reach, which gives exactly the scores of the full [tokens, dims] input (the rows after a
/// report are zero, and one all-zero position is kept for the max-pool).
/// </summary>
/// <remarks>
/// The FGSM probe is the shared engine's (the sign of the gradient of the margin against the own
/// decision; smallest flipping epsilon on a grid; flip and agreement at the configured epsilon), but it
/// does not run every grid point: it runs the configured epsilon and the first grid point at or above
/// the first-order estimate of the flip, |z| / ‖∇z‖₁ (none when the estimate lies beyond the grid, as
/// for most confident reports). For a network of ReLUs and max-pooling z is
/// piecewise linear along the step, so the estimate lands at or next to the grid point the full search
/// finds; the reported smallest flipping epsilon is the smallest of those tried that flips. A rewrite
/// whose tokens are the report's own (the case rewrite always is: tokens are lower case) keeps the
/// decision without a forward pass.
/// </remarks>
internal sealed class BatchReading(TextCnn net, double temperature, double thresholdLogit, ReportEncoder encoder, ProbeSettings probe, int reach)
{
    private readonly double[] epsilons = probe.Epsilons;

    public ReadingOutcome[] Run(IReadOnlyList<ReadingRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var scope = NewDisposeScope();
        var n = requests.Count;
        var dims = encoder.Dimensions;
        var longest = requests.Max(r => Math.Max(r.Words.Count, r.Rewrites.Count == 0 ? 0 : r.Rewrites.Max(w => w.Count)));
        var tokens = Math.Min(encoder.MaxTokens, longest + reach);
        var x = Encode(requests.Select(r => r.Words), n, tokens);

        var needGradient = requests.Any(r => r.Probe || r.Explain);
        Tensor z;
        Tensor? inputGradient = null;
        Tensor? featureGradient = null;
        Tensor? features = null;
        if (needGradient)
        {
            using var grad = enable_grad();
            var xg = x.requires_grad_(true);
            features = net.Features(xg);
            z = Margin(net.Head(features));
            var gradients = torch.autograd.grad([z.sum()], [features, xg]);
            featureGradient = gradients[0];
            inputGradient = gradients[1];
            z = z.detach();
            features = features.detach();
            x = xg.detach();
        }
        else
        {
            using var noGrad = no_grad();
            z = Margin(net.call(x));
        }

        var zs = z.data<float>().ToArray();
        var sign = z.ge(KeptScalars.Of(0L)).to(ScalarType.Float32).Times(2).sub(KeptScalars.One);

        // Heat per token: Grad-CAM for the decided class (logits ±z/2, so its gradient is ±∇z/2; the
        // factor cancels in the [0, 1] scaling).
        float[][] heat = new float[n][];
        if (requests.Any(r => r.Explain))
        {
            using var noGrad = no_grad();
            var weights = featureGradient!.mean([2, 3], keepdim: true);
            var cam = nn.functional.relu((weights * features!).sum(1) * sign.view(-1, 1, 1)).select(2, 0);
            var low = cam.amin([1], keepdim: true);
            var range = cam.amax([1], keepdim: true) - low;
            var scaled = torch.where(range.gt(KeptScalars.Of(0L)), (cam - low) / range.clamp_min(KeptScalars.Of(1e-30)), zeros_like(cam));
            var values = scaled.data<float>().ToArray();
            for (var i = 0; i < n; i++)
            {
                heat[i] = requests[i].Explain ? values.AsSpan(i * tokens, Math.Min(tokens, requests[i].Words.Count)).ToArray() : [];
            }
        }

        // Second pass: every FGSM step and every rewrite, without gradients.
        var probed = Enumerable.Range(0, n).Where(i => requests[i].Probe).ToArray();
        var steps = new List<(int Report, int Epsilon)>();
        if (probed.Length > 0)
        {
            var l1 = inputGradient!.abs().sum([1, 2, 3]).data<float>().ToArray();
            foreach (var i in probed)
            {
                foreach (var e in Candidates(Math.Abs(zs[i]) / Math.Max(l1[i], 1e-12)))
                {
                    steps.Add((i, e));
                }
            }
        }

        var rewrites = requests.SelectMany((r, i) => r.Rewrites.Where(w => !w.SequenceEqual(r.Words)).Select(w => (Report: i, Words: w))).ToList();
        float[] second = [];
        if (steps.Count + rewrites.Count > 0)
        {
            using var noGrad = no_grad();
            var parts = new List<Tensor>();
            if (steps.Count > 0)
            {
                var direction = (inputGradient!.sign() * -sign.view(-1, 1, 1, 1)).index_select(0, tensor(steps.Select(s => (long)s.Report).ToArray()));
                var eps = tensor(steps.Select(s => (float)epsilons[s.Epsilon]).ToArray()).view(-1, 1, 1, 1);
                parts.Add(x.index_select(0, tensor(steps.Select(s => (long)s.Report).ToArray())).Plus(direction * eps));
            }

            if (rewrites.Count > 0)
            {
                parts.Add(Encode(rewrites.Select(r => r.Words), rewrites.Count, tokens));
            }

            second = Margin(net.call(parts.Count == 1 ? parts[0] : cat(parts, 0))).data<float>().ToArray();
        }

        var outcomes = new ReadingOutcome[n];
        var rewriteDecisions = new List<bool>[n];
        for (var i = 0; i < n; i++)
        {
            // Rewrites that read as the report itself keep its decision.
            var same = requests[i].Rewrites.Count(w => w.SequenceEqual(requests[i].Words));
            rewriteDecisions[i] = [.. Enumerable.Repeat(zs[i] >= 0, same)];
        }

        for (var j = 0; j < rewrites.Count; j++)
        {
            rewriteDecisions[rewrites[j].Report].Add(second[steps.Count + j] >= 0);
        }

        for (var i = 0; i < n; i++)
        {
            RobustnessReport? robustness = null;
            if (requests[i].Probe)
            {
                var positive = zs[i] >= 0;
                double? smallest = null;
                var flipsAtEpsilon = false;
                for (var s = 0; s < steps.Count; s++)
                {
                    if (steps[s].Report != i)
                    {
                        continue;
                    }

                    var flips = (second[s] >= 0) != positive;
                    var epsilon = epsilons[steps[s].Epsilon];
                    if (flips && (smallest is null || epsilon < smallest))
                    {
                        smallest = epsilon;
                    }

                    if (epsilon == probe.Epsilon)
                    {
                        flipsAtEpsilon = flips;
                    }
                }

                var agreement = flipsAtEpsilon ? 0.0 : 1.0;
                robustness = new RobustnessReport(probe.Epsilon, flipsAtEpsilon, smallest, agreement, flipsAtEpsilon || agreement < probe.FragilityThreshold);
            }

            outcomes[i] = new ReadingOutcome(zs[i], robustness, rewriteDecisions[i], heat[i] ?? []);
        }

        return outcomes;
    }

    /// <summary>Indices into the epsilons to try: the configured one, and the grid around the first-order flip estimate.</summary>
    private IEnumerable<int> Candidates(double estimate)
    {
        var configured = Array.IndexOf(epsilons, probe.Epsilon);
        var above = Array.FindIndex(epsilons, e => e >= estimate);
        return above < 0 || above == configured ? [configured] : [configured, above];
    }

    // A model's temperature and threshold are fixed while it is loaded: kept Scalars (RadCnn.Abstractions.Tensors.KeptScalars).
    private Tensor Margin(Tensor logits) => (logits[.., 1] - logits[.., 0]).div(KeptScalars.Of(temperature)).sub(KeptScalars.Of(thresholdLogit));

    private Tensor Encode(IEnumerable<IReadOnlyList<string>> reports, int count, int tokens)
    {
        // One array per batch (libtorch copies it), the reports' rows written straight into it.
        var dims = encoder.Dimensions;
        var data = new float[count * tokens * dims];
        var i = 0;
        foreach (var words in reports)
        {
            encoder.Encode(words, data.AsSpan(i * tokens * dims, tokens * dims));
            i++;
        }

        return tensor(data, [count, 1, tokens, dims]);
    }
}
