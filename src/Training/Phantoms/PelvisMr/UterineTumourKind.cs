namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>Where a uterine tumour starts and how it was drawn: endometrial (from the cavity) or cervical (from the canal).</summary>
public enum UterineTumourKind
{
    Endometrial = 0,
    Cervical = 1,
}
