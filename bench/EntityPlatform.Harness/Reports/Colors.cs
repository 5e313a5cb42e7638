namespace EntityPlatform.Harness.Reports;

internal static class Colors
{
    public static readonly (byte, byte, byte) Axis = (80, 80, 80);
    public static readonly (byte, byte, byte) Grid = (225, 225, 225);
    public static readonly (byte, byte, byte) Platform = (31, 119, 180);
    public static readonly (byte, byte, byte) Etcd = (255, 127, 14);
    public static readonly (byte, byte, byte) Fault = (214, 39, 40);
    public static readonly (byte, byte, byte) Heal = (44, 160, 44);

    public static (byte, byte, byte) ForSeries(int index) => index == 0 ? Platform : Etcd;
}
