namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// Phrase families of the dictated CT pulmonary angiography reports. "{loc}" is replaced by an
/// arterial location; each family's variants say the same thing in different words.
/// </summary>
internal static class CtpaPhrases
{
    public static readonly string[] Exam =
    [
        "CT ANGIOGRAPHY CHEST WITH CONTRAST", "CTA CHEST PE PROTOCOL", "CT PULMONARY ANGIOGRAM", "CT chest angiogram (PE protocol)",
        "CTPA", "CT angiography of the chest", "CT CHEST PULMONARY EMBOLISM PROTOCOL",
    ];

    public static readonly string[] Symptoms =
    [
        "shortness of breath", "chest pain", "pleuritic chest pain", "tachycardia", "hypoxia", "dyspnea on exertion", "SOB",
        "acute dyspnea", "syncope", "elevated D-dimer", "hemoptysis", "tachypnea and hypoxemia", "leg swelling and dyspnea",
    ];

    // Indications that name pulmonary embolism as a question, not a finding.
    public static readonly string[] RuleOut =
    [
        "r/o PE", "rule out PE", "evaluate for pulmonary embolism", "eval for PE", "concern for PE", "? PE", "assess for pulmonary embolus",
        "question pulmonary embolism", "rule out pulmonary emboli", "PE?", "suspected PE", "please evaluate for PE", "R/O pulmonary embolism",
    ];

    // Indications or history that name an earlier pulmonary embolism.
    public static readonly string[] PriorPe =
    [
        "history of PE", "h/o PE on anticoagulation", "prior pulmonary embolism", "hx of pulmonary emboli", "known history of DVT/PE",
        "previous PE in 2019", "personal history of pulmonary embolism", "recent PE, on apixaban", "history of saddle embolus",
    ];

    public static readonly string[] Technique =
    [
        "Axial images were acquired through the chest after intravenous contrast in the pulmonary arterial phase.",
        "CT angiography of the chest was performed following IV contrast administration with multiplanar reformats.",
        "Helical CT of the chest with 80 mL Omnipaque 350, timed for the pulmonary arteries.",
        "Contrast-enhanced CTA of the chest per PE protocol. MIP and coronal reformats reviewed.",
        "Thin-section images through the thorax after bolus-tracked IV contrast.",
    ];

    // Limited studies: a reason the small arteries are not fully assessed.
    public static readonly string[] Limited =
    [
        "The study is limited by respiratory motion artifact.", "Suboptimal bolus timing limits evaluation of the subsegmental arteries.",
        "Evaluation is limited by motion and streak artifact.", "Mildly degraded by patient motion.", "Limited study due to suboptimal contrast opacification.",
        "Exam limited by body habitus.", "Contrast bolus is suboptimal distally.",
    ];

    public static readonly string[] Location =
    [
        "right lower lobe segmental", "left lower lobe segmental", "right upper lobe segmental", "left upper lobe subsegmental",
        "right middle lobe", "lingular subsegmental", "right main", "left main", "bilateral lobar", "right interlobar",
        "RLL segmental", "LLL subsegmental", "RUL", "left lower lobe", "bilateral segmental and subsegmental", "posterior basal segmental",
    ];

    // Positive statements of acute pulmonary embolism in the findings.
    public static readonly string[] PositiveFinding =
    [
        "There are filling defects in the {loc} pulmonary arteries, consistent with acute pulmonary embolism.",
        "Acute pulmonary embolism involving the {loc} branches.",
        "Filling defect within the {loc} pulmonary artery compatible with acute PE.",
        "Occlusive thrombus in the {loc} artery.",
        "Nonocclusive embolus in the {loc} pulmonary artery.",
        "Intraluminal clot is seen in the {loc} pulmonary arteries.",
        "Emboli are present in the {loc} arteries.",
        "{Loc} pulmonary emboli.",
        "Positive for acute pulmonary embolism in the {loc} arteries.",
        "Central filling defect of the {loc} artery representing acute embolus.",
        "Acute PE in the {loc} pulmonary artery branches.",
        "Multiple acute pulmonary emboli are identified, involving the {loc} arteries.",
    ];

    public static readonly string[] Saddle =
    [
        "There is a saddle embolus straddling the main pulmonary artery bifurcation.",
        "Saddle pulmonary embolus extending into both main pulmonary arteries.",
        "Large saddle PE at the bifurcation of the main pulmonary artery.",
    ];

    public static readonly string[] Strain =
    [
        "The RV/LV ratio is 1.4, suggesting right heart strain.", "There is flattening of the interventricular septum consistent with right heart strain.",
        "Right ventricular dilatation with contrast reflux into the IVC, indicating RV strain.", "Findings of right heart strain.",
    ];

    public static readonly string[] PositiveImpression =
    [
        "Acute pulmonary embolism.", "Positive for PE.", "Acute {loc} pulmonary emboli.", "Acute pulmonary emboli as described.",
        "Findings consistent with acute PE.", "Acute PE involving the {loc} arteries.", "Pulmonary embolism, acute.",
    ];

    // Explicit negations of pulmonary embolism.
    public static readonly string[] NegatedFinding =
    [
        "No evidence of pulmonary embolism.", "There is no pulmonary embolus.", "No filling defect to suggest pulmonary embolism.",
        "Negative for acute PE.", "The pulmonary arteries are patent without filling defects.", "No central, lobar or segmental pulmonary embolism.",
        "No PE.", "Pulmonary embolism is not seen.", "Without evidence of pulmonary emboli.", "No acute pulmonary embolus is identified.",
        "There are no filling defects in the pulmonary arterial tree.", "Pulmonary emboli: none.", "No CT evidence of PE.",
        "Free of pulmonary embolism to the segmental level.", "PE is ruled out.",
    ];

    public static readonly string[] NegatedImpression =
    [
        "No pulmonary embolism.", "Negative CTA for PE.", "No evidence of PE.", "No acute pulmonary embolus.", "Negative for pulmonary embolism.",
        "No CT evidence of acute pulmonary embolism.", "Pulmonary embolism ruled out.",
    ];

    // Negative studies said without a negation of embolism (patency, normal opacification).
    public static readonly string[] PlainNegativeFinding =
    [
        "The pulmonary arteries are well opacified and patent to the subsegmental level.",
        "Normal opacification of the pulmonary arterial tree.", "The pulmonary arterial tree is widely patent.",
        "Pulmonary arteries are normal in caliber and opacify normally.", "Excellent opacification; the pulmonary arteries are clear.",
    ];

    public static readonly string[] PlainNegativeImpression =
    [
        "Normal CT pulmonary angiogram.", "Unremarkable CTA chest.", "Normal study.", "Patent pulmonary arteries.", "Normal pulmonary arteries.",
    ];

    // Sentences that negate something else and then state the embolism: the negation's scope must end first.
    public static readonly string[] ScopedPositive =
    [
        "No pleural effusion; however, there is a filling defect in the {loc} pulmonary artery consistent with acute PE.",
        "Acute pulmonary embolism in the {loc} arteries without evidence of right heart strain.",
        "No right heart strain. Acute {loc} pulmonary emboli are present.",
        "No pneumothorax, but acute emboli are seen in the {loc} arteries.",
        "Without pulmonary infarct, there is nonocclusive thrombus in the {loc} artery.",
        "Although no infarct is seen, there is acute PE in the {loc} branches.",
        "Acute PE of the {loc} arteries; no RV dilatation.",
        "No consolidation. Filling defects in the {loc} pulmonary arteries represent acute emboli.",
    ];

    // Low-certainty mentions (indeterminate, binary label 0).
    public static readonly string[] HedgedLow =
    [
        "Possible small filling defect in a {loc} branch, which may be artifactual; pulmonary embolism cannot be excluded.",
        "Subsegmental pulmonary embolism cannot be excluded due to motion.",
        "Questionable subtle filling defect in the {loc} artery, likely mixing artifact.",
        "Equivocal hypodensity in a {loc} branch, indeterminate for embolus.",
        "A small PE cannot be entirely ruled out in the {loc} branches given the limited bolus.",
        "Possible PE versus artifact in the {loc} arteries.",
        "Cannot exclude a tiny subsegmental embolus.",
    ];

    public static readonly string[] HedgedLowImpression =
    [
        "Indeterminate for pulmonary embolism; consider repeat imaging if clinically indicated.", "PE cannot be excluded.",
        "Nondiagnostic for subsegmental PE.", "Possible subsegmental embolus, likely artifact.", "Equivocal study for PE; correlate with lower extremity Doppler.",
    ];

    // High-certainty hedges (label 1).
    public static readonly string[] HedgedHigh =
    [
        "Filling defect in the {loc} artery, most likely representing acute pulmonary embolism.",
        "Findings are highly suspicious for acute PE in the {loc} arteries.",
        "Probable acute embolus in the {loc} pulmonary artery.",
        "Hypodense filling defects in the {loc} branches, likely acute pulmonary emboli.",
        "Appearance is most consistent with acute {loc} pulmonary embolism.",
    ];

    public static readonly string[] HedgedHighImpression =
    [
        "Findings most likely represent acute pulmonary embolism.", "Probable acute PE.", "Highly suspicious for acute pulmonary embolism.",
        "Likely acute {loc} pulmonary emboli.",
    ];

    // Chronic only (label 0).
    public static readonly string[] Chronic =
    [
        "Eccentric mural thrombus with a web in the {loc} artery, consistent with chronic pulmonary embolism.",
        "Chronic thromboembolic disease in the {loc} arteries, unchanged from prior.",
        "Organized chronic thrombus along the wall of the {loc} pulmonary artery.",
        "Residual chronic emboli in the {loc} branches with recanalization.",
    ];

    public static readonly string[] ChronicImpression =
    [
        "Chronic pulmonary embolism without acute embolus.", "Sequela of prior PE; no acute embolism.", "Chronic thromboembolic changes, stable.",
        "Residual chronic PE, no new emboli.",
    ];

    public static readonly string[] NoAcute =
    [
        "No acute embolus.", "No new filling defect.", "No acute pulmonary embolism.", "No superimposed acute PE.",
    ];

    // Acute on chronic (label 1).
    public static readonly string[] AcuteOnChronic =
    [
        "New acute filling defect in the {loc} artery superimposed on chronic thromboembolic disease.",
        "Acute on chronic pulmonary embolism involving the {loc} arteries.",
        "Compared with prior, there are new acute emboli in the {loc} branches.",
    ];

    // Other findings, negative ones included, so that negations of other things are common.
    public static readonly string[] Other =
    [
        "No pleural effusion.", "No pneumothorax.", "Small bilateral pleural effusions.", "Bibasilar atelectasis.", "A 4 mm nodule in the right upper lobe.",
        "Patchy consolidation in the left lower lobe, suspicious for pneumonia.", "Mild centrilobular emphysema.", "The heart is normal in size.",
        "No pericardial effusion.", "No mediastinal lymphadenopathy.", "Small hiatal hernia.", "Degenerative changes of the thoracic spine.",
        "Coronary artery calcifications.", "The thoracic aorta is normal in caliber.", "No suspicious pulmonary nodule.", "Trace right pleural effusion.",
        "Ground-glass opacities in both lower lobes.", "Stable 6 mm LLL nodule.", "No acute osseous abnormality.", "Cholelithiasis.",
    ];

    public static readonly string[] OtherImpression =
    [
        "No acute cardiopulmonary abnormality otherwise.", "Left lower lobe pneumonia.", "Small pleural effusions.", "Incidental 4 mm nodule; no follow-up needed per Fleischner.",
        "Emphysema.", "Bibasilar atelectasis.",
    ];

    public static readonly string[] Comparison = ["None.", "None available.", "CT chest from last year.", "Prior CTA of 2021.", "Chest radiograph from today."];
}
