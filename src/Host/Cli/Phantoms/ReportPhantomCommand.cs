using System.CommandLine;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Host.Cli.Phantoms;

/// <summary>
/// `radcnn phantom reports --count N --seed S --out DIR [--style dictated|structured|terse]`: synthetic CT
/// pulmonary angiography reports as .txt + JSON sidecar and HL7 ORU^R01, with labels.csv.
/// </summary>
internal static class ReportPhantomCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of reports.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same reports; another seed also draws other wordings.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var style = new Option<string>("--style") { Description = "dictated (default), structured (a second, different report style), terse (a third: preliminary reads), mixed (the three with rewritten form, for training) or teleradiology (a fourth, kept out of training).", DefaultValueFactory = _ => "dictated" };
        var command = new Command("reports", "CT pulmonary angiography reports (acute pulmonary embolism present or not; negation, hedging, history, chronic, typos).")
        {
            count, seed, output, style,
        };
        command.SetAction(parse =>
        {
            IReportGenerator generator = parse.GetValue(style) switch
            {
                "structured" => new StructuredReportGenerator(),
                "terse" => new TerseReportGenerator(),
                "dictated" => new CtpaReportGenerator(),
                "mixed" => new MixedReportGenerator(),
                "teleradiology" => new TeleradiologyReportGenerator(),
                var other => throw new ArgumentException($"unknown report style '{other}' (dictated, structured, terse, mixed or teleradiology)"),
            };
            var directory = parse.GetValue(output)!;
            var reports = ReportSetWriter.Write(generator, parse.GetValue(count), parse.GetValue(seed), directory, TimeProvider.System);
            Console.Out.WriteLine($"wrote {reports.Count} {generator.Style} reports ({reports.Count(r => r.Label == 1)} with acute pulmonary embolism) to {Path.GetFullPath(directory)}: reports/*.txt + .json, hl7/*.hl7, labels.csv, phantom.json");
            return 0;
        });
        return command;
    }
}
