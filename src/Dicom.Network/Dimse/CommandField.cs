namespace RadCnn.Dicom.Network.Dimse;

/// <summary>DIMSE command field values (PS3.7 E.1) that RadCnn speaks.</summary>
internal static class CommandField
{
    public const ushort CStoreRequest = 0x0001;
    public const ushort CStoreResponse = 0x8001;
    public const ushort CEchoRequest = 0x0030;
    public const ushort CEchoResponse = 0x8030;
    public const ushort CCancelRequest = 0x0FFF;
    public const ushort ResponseBit = 0x8000;

    /// <summary>Command Data Set Type value meaning "no data set follows" (PS3.7 E.1).</summary>
    public const ushort NoDataSet = 0x0101;
}
