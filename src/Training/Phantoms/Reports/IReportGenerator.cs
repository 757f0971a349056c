namespace RadCnn.Training.Phantoms.Reports;

/// <summary>Writes synthetic radiology reports with known labels; the same (seed, index) always gives the same report.</summary>
public interface IReportGenerator
{
    /// <summary>The style name recorded in labels.csv, for example "dictated".</summary>
    string Style { get; }

    /// <summary>Report number <paramref name="index"/> of the set drawn with <paramref name="seed"/>.</summary>
    ReportPhantom Generate(int seed, int index);
}
