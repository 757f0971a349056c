using RadCnn.Abstractions.Tensors;
using RadCnn.Training.Phantoms.LowDoseCt;
using RadCnn.Training.Recipes;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// The robust recipe's model selection: after every epoch the network runs on whole validation slices at 1/10
/// dose and the epoch kept is the one with the highest score. The score is minus the engine probe's figure
/// (mean over slices of the relative output change under the zero-mean FGSM at epsilon 0.02 on the plugin's
/// 96 x 96 centre crop, the engine's attack with its seed), minus penalties for what the probe alone rewards:
/// passing a uniform +80 HU offset of the whole slice as other than 80 HU in the uniform organ (what
/// `FgsmProbeTests` asks within 10 HU), moving the noise-free truth's uniform organ (an HU prior on the content),
/// and the mean HU bias of the denoised low dose. Each penalty counts one probe point (0.01) per
/// <see cref="Tolerance"/> beyond its free allowance, so an epoch that buys robustness by unlearning HU loses.
/// A fidelity floor keeps a smooth, underfit early epoch from winning on the probe alone: one point per
/// <see cref="PsnrTolerance"/> dB that the PSNR (soft-tissue window over the body, the bench's) stays under the
/// low-dose input's plus <see cref="PsnrGainFloor"/> dB (about total variation's gain plus the 1.5 dB
/// margin on these phantoms).
/// With <paramref name="largestBiasBoundHu"/> set, an epoch whose largest |mean HU bias| of one slice exceeds that bound
/// loses <see cref="RejectionPenalty"/> (more than any probe figure), so any epoch within the bound is kept before it:
/// the HU bar is per slice, and a mean bias within the allowance can hide one slice 5 HU off.
/// <paramref name="generator"/> is the training generator at a fixed dose (same name, so the same patient keys);
/// the slices are those of the first validation patients among the <paramref name="patients"/> of the seed.
/// </summary>
/// <remarks>
/// The validation loss the trainer keeps otherwise (the mean of clean and attacked patch losses) watches neither
/// figure: the robust fine-tunes whose probe figure fell under 5% passed an 80 HU offset as 67 HU and moved
/// noise-free insert content by +3.7 HU (plugin README, "Adversarial training and the HU prior").
/// </remarks>
internal sealed class RobustDenoisingValidation(LowDoseCtGenerator generator, int seed, int patients, int maxSlices = RobustDenoisingValidation.MaxSlices, double? largestBiasBoundHu = null) : IWholeCaseValidation
{
    /// <summary>What an epoch over the largest-slice bias bound loses (the probe's figure is a fraction, well under 1), plus its excess in probe points.</summary>
    public const double RejectionPenalty = 1;

    /// <summary>Whole validation slices scored per epoch (each a probe and four passes of a 256 px slice).</summary>
    public const int MaxSlices = 16;

    /// <summary>The probe's radius in [0, 1] input units (the engine's default, 80 HU).</summary>
    public const double Epsilon = 0.02;

    /// <summary>The uniform offset of the offset check, in HU (the probe's radius).</summary>
    public const double OffsetHu = 80;

    /// <summary>HU of offset error, content bias or output bias per probe point of penalty.</summary>
    public const double Tolerance = 2;

    /// <summary>Free allowances in HU: the offset passed within 5 HU, the noise-free content within 2 HU, the bias within 3 HU.</summary>
    public const double OffsetAllowance = 5, ContentAllowance = 2, BiasAllowance = 3;

    /// <summary>PSNR gain over the low-dose input below which fidelity is penalised, in dB.</summary>
    public const double PsnrGainFloor = 11;

    /// <summary>dB of PSNR under the floor per probe point of penalty.</summary>
    public const double PsnrTolerance = 0.5;

    private const int ProbeSide = DenoisingPlugin.ProbeSide;

    private List<LowDoseCtCase>? cases;

    /// <summary>
    /// The robust recipes' selection: whole slices of the validation patients among a recipe's training phantoms of
    /// <paramref name="seed"/> (the recipe's anatomy, the body generator unless given, same patient keys; the recipe's
    /// <paramref name="trainingSlices"/>), at 1/10 dose.
    /// </summary>
    public static RobustDenoisingValidation OfTrainingPhantoms(int seed, ICtSliceModel? anatomy = null, double? largestBiasBoundHu = null, int trainingSlices = DenoisingRecipeBase.PhantomSlices) =>
        new(new LowDoseCtGenerator(anatomy ?? new BodySliceModel(), DenoisingRecipeBase.PhantomSize, 0.1), seed, trainingSlices / DenoisingRecipeBase.TrainingGenerator().SlicesPerPatient, largestBiasBoundHu: largestBiasBoundHu);

    public string MetricName => "robust_selection_score";

    /// <summary>The phantom patients of the seed whose validation members are scored (the first ones, until the slices scored are reached).</summary>
    public int Patients => patients;

    /// <summary>The anatomy whose validation patients are scored (the recipe's own: <see cref="ICtSliceModel.Name"/>).</summary>
    public string Anatomy => generator.Model.Name;

    /// <summary>The largest-slice bias bound over which an epoch is rejected; null where none is set.</summary>
    public double? LargestBiasBoundHu => largestBiasBoundHu;

    /// <summary>The figures of the last call (means over the slices scored), for model.json's log and tests.</summary>
    public RobustSelectionFigures? Last { get; private set; }

    public double Score(nn.Module<Tensor, Tensor> model, IReadOnlySet<string> validationPatients, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(validationPatients);
        cases ??= Cases(validationPatients);
        if (cases.Count == 0)
        {
            throw new InvalidOperationException("no validation slice to score: the split put no phantom patient in validation");
        }

        model.eval();
        double probe = 0, offset = 0, content = 0, bias = 0, psnr = 0, inputPsnr = 0, largestBias = 0;
        foreach (var c in cases)
        {
            using var scope = NewDisposeScope();
            var x = Normalised(c.LowDose, 0, device);
            var mask = tensor(c.Anatomy.UniformMask.Select(b => b > 0).ToArray(), [1, 1, c.Size, c.Size]).to(device);
            var clean = Run(model, x);
            probe += ProbeChange(model, x.narrow(2, (c.Size - ProbeSide) / 2, ProbeSide).narrow(3, (c.Size - ProbeSide) / 2, ProbeSide));
            offset += MeanHu(Run(model, Normalised(c.LowDose, OffsetHu, device)) - clean, mask);
            var truth = Normalised(c.Truth, 0, device);
            content += MeanHu(Run(model, truth) - truth, mask);
            var sliceBias = MeanHu(clean - truth, mask);
            bias += sliceBias;
            largestBias = Math.Max(largestBias, Math.Abs(sliceBias));
            var body = truth.gt(KeptScalars.Of(100.0 / DenoisingRecipeBase.Window.WindowWidth));
            psnr += Psnr(clean, truth, body);
            inputPsnr += Psnr(x, truth, body);
        }

        var n = cases.Count;
        Last = new RobustSelectionFigures(probe / n, offset / n, content / n, bias / n, psnr / n, inputPsnr / n, largestBias);
        return Combine(Last, largestBiasBoundHu);
    }

    /// <summary>The score of a set of figures: minus the probe's change, minus the penalties, minus the rejection over <paramref name="largestBiasBoundHu"/> where one is set (see the class).</summary>
    public static double Combine(RobustSelectionFigures figures, double? largestBiasBoundHu = null)
    {
        ArgumentNullException.ThrowIfNull(figures);
        static double Excess(double value, double allowance) => Math.Max(0, Math.Abs(value) - allowance) / Tolerance;
        var penalty = Excess(figures.OffsetPassedHu - OffsetHu, OffsetAllowance) + Excess(figures.ContentBiasHu, ContentAllowance) + Excess(figures.BiasHu, BiasAllowance)
            + (Math.Max(0, figures.InputPsnrDb + PsnrGainFloor - figures.PsnrDb) / PsnrTolerance);
        if (largestBiasBoundHu is { } bound && figures.LargestBiasHu > bound)
        {
            penalty += (RejectionPenalty / 0.01) + ((figures.LargestBiasHu - bound) / Tolerance);
        }

        return -figures.ProbeChange - (0.01 * penalty);
    }

    // The validation patients' whole slices at the generator's dose, generated once: slice k of patient p is index p × SlicesPerPatient + k.
    private List<LowDoseCtCase> Cases(IReadOnlySet<string> validationPatients)
    {
        var chosen = new List<LowDoseCtCase>();
        for (var patient = 0; patient < patients && chosen.Count < maxSlices; patient++)
        {
            if (validationPatients.Contains(generator.PatientKey(seed, patient)))
            {
                for (var k = 0; k < generator.SlicesPerPatient && chosen.Count < maxSlices; k++)
                {
                    chosen.Add(generator.Generate(seed, (patient * generator.SlicesPerPatient) + k));
                }
            }
        }

        return chosen;
    }

    private static Tensor Run(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var noGrad = no_grad();
        return model.call(x);
    }

    // The engine's image probe on one crop (its seeded direction, stepped by epsilon within [0, 1]): the relative L2
    // change of the output.
    private static double ProbeChange(nn.Module<Tensor, Tensor> model, Tensor crop)
    {
        using var scope = NewDisposeScope();
        var x = crop.contiguous();
        var clean = Run(model, x);
        var direction = ZeroMeanPerturbation.ProbeDirection(model, x, clean, Epsilon, (0, 1));
        var attacked = ZeroMeanPerturbation.Perturb(x, direction, Epsilon, (0, 1));
        return (Run(model, attacked) - clean).norm().item<float>() / clean.norm().item<float>();
    }

    // The bench's PSNR: values clamped to the soft-tissue window −160..240 HU, over the body (truth above −900 HU).
    private static double Psnr(Tensor image, Tensor truth, Tensor body)
    {
        var width = DenoisingRecipeBase.Window.WindowWidth;
        var low = (1000 - 160) / width;
        var high = (1000 + 240) / width;
        var d = image.clamp(KeptScalars.Of(low), KeptScalars.Of(high)) - truth.clamp(KeptScalars.Of(low), KeptScalars.Of(high));
        var mse = d.masked_select(body).square().mean().item<float>();
        return 10 * Math.Log10((high - low) * (high - low) / mse);
    }

    private static double MeanHu(Tensor difference, Tensor mask) =>
        difference.masked_select(mask).mean().item<float>() * DenoisingRecipeBase.Window.WindowWidth;

    private static Tensor Normalised(float[] hu, double offsetHu, Device device)
    {
        var values = hu.Select(v => (float)(v + offsetHu)).ToArray();
        DenoisingRecipeBase.Window.Normalize(values);
        var side = (long)Math.Sqrt(values.Length);
        return tensor(values, [1, 1, side, side]).to(device);
    }
}
