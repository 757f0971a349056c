namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-uterus-tumour-cascade-fit-96`: the capacity probe at the shipped width on a finer box grid (96×96: 2.25 times the pixels a tumour covers).</summary>
public sealed class UterusTumourCascadeFitFineRecipe : UterusTumourCascadeFitRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-fit-96";

    public override int BoxSize => UterusTumourCascadeFineRecipe.FineBoxSize;
}
