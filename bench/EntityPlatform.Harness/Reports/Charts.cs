namespace EntityPlatform.Harness.Reports;

/// <summary>
/// Line charts and histograms without text (no font here): the Markdown around each image states the axes
/// and the y scale. Several series are stacked as panels, one per system, sharing the y scale.
/// </summary>
public static class Charts
{
    private const int PanelWidth = 800;
    private const int PanelHeight = 200;
    private const int Margin = 10;

    public static byte[] Lines(IReadOnlyList<Series> series, double yMax)
    {
        var image = new PngImage(PanelWidth, Math.Max(1, series.Count) * PanelHeight);
        for (var s = 0; s < series.Count; s++)
        {
            var top = s * PanelHeight;
            DrawFrame(image, top);
            var values = series[s].Values;
            var count = Math.Max(2, values.Count);
            int X(double x) => Margin + (int)(x / (count - 1) * (PanelWidth - 2 * Margin));
            int Y(double y) => top + PanelHeight - Margin - (int)(Math.Clamp(y / Math.Max(yMax, 1e-9), 0, 1) * (PanelHeight - 2 * Margin));
            foreach (var x in series[s].FaultStarts)
            {
                image.Line(X(x), top + Margin, X(x), top + PanelHeight - Margin, Colors.Fault);
            }

            foreach (var x in series[s].FaultHeals)
            {
                image.Line(X(x), top + Margin, X(x), top + PanelHeight - Margin, Colors.Heal);
            }

            for (var i = 1; i < values.Count; i++)
            {
                image.Line(X(i - 1), Y(values[i - 1]), X(i), Y(values[i]), Colors.ForSeries(s));
                image.Line(X(i - 1), Y(values[i - 1]) - 1, X(i), Y(values[i]) - 1, Colors.ForSeries(s));
            }
        }

        return image.Encode();
    }

    /// <summary>Bars of counts per bin, one panel per series; bins are equal-width from 0 to the shared max.</summary>
    public static byte[] Histogram(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        var image = new PngImage(PanelWidth, Math.Max(1, counts.Count) * PanelHeight);
        var max = Math.Max(1, counts.SelectMany(c => c).DefaultIfEmpty(0).Max());
        for (var s = 0; s < counts.Count; s++)
        {
            var top = s * PanelHeight;
            DrawFrame(image, top);
            var bins = Math.Max(1, counts[s].Count);
            var width = (PanelWidth - 2 * Margin) / bins;
            for (var b = 0; b < counts[s].Count; b++)
            {
                var height = (int)((double)counts[s][b] / max * (PanelHeight - 2 * Margin));
                var x0 = Margin + b * width + 1;
                image.FillRect(x0, top + PanelHeight - Margin - height, x0 + width - 2, top + PanelHeight - Margin, Colors.ForSeries(s));
            }
        }

        return image.Encode();
    }

    private static void DrawFrame(PngImage image, int top)
    {
        for (var g = 1; g < 4; g++)
        {
            var y = top + Margin + g * (PanelHeight - 2 * Margin) / 4;
            image.Line(Margin, y, PanelWidth - Margin, y, Colors.Grid);
        }

        image.Line(Margin, top + PanelHeight - Margin, PanelWidth - Margin, top + PanelHeight - Margin, Colors.Axis);
        image.Line(Margin, top + Margin, Margin, top + PanelHeight - Margin, Colors.Axis);
    }
}
