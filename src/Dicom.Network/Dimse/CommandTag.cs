namespace RadCnn.Dicom.Network.Dimse;

/// <summary>Group 0000 command elements (PS3.7 E.1) as (group &lt;&lt; 16 | element).</summary>
internal static class CommandTag
{
    public const uint GroupLength = 0x00000000;
    public const uint AffectedSopClassUid = 0x00000002;
    public const uint CommandField = 0x00000100;
    public const uint MessageId = 0x00000110;
    public const uint MessageIdBeingRespondedTo = 0x00000120;
    public const uint Priority = 0x00000700;
    public const uint CommandDataSetType = 0x00000800;
    public const uint Status = 0x00000900;
    public const uint ErrorComment = 0x00000902;
    public const uint AffectedSopInstanceUid = 0x00001000;
    public const uint MoveOriginatorAeTitle = 0x00001030;
    public const uint MoveOriginatorMessageId = 0x00001031;
}
