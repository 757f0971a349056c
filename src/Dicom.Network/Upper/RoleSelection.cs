namespace RadCnn.Dicom.Network.Upper;

/// <summary>An SCP/SCU role selection sub-item (PS3.7 D.3.3.4).</summary>
internal sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
