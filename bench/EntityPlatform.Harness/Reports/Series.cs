namespace EntityPlatform.Harness.Reports;

/// <summary>One line of a chart: y values at evenly spaced x (one per time bucket), plus fault marks in x units.</summary>
public sealed record Series(string Name, IReadOnlyList<double> Values, IReadOnlyList<double> FaultStarts, IReadOnlyList<double> FaultHeals);
