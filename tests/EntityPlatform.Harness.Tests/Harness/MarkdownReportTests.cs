using EntityPlatform.Harness.Reports;

namespace EntityPlatform.Harness.Tests.Harness;

public sealed class MarkdownReportTests
{
    [Fact]
    public void Replacing_the_generated_section_keeps_the_hand_written_subsections_and_the_next_section()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Join("\n",
                "# Benchmarks", "", "## Earlier (issue 7)", "kept before", "",
                MarkdownReport.Heading, "", "old generated table", "",
                "### Saturation", "hand-written saturation rows", "",
                "## Later section", "kept after", ""));

            MarkdownReport.ReplaceSection(path, MarkdownReport.Heading + "\n\nnew generated table\n");

            var text = File.ReadAllText(path);
            Assert.DoesNotContain("old generated table", text);
            Assert.Contains("new generated table", text);
            Assert.Contains("kept before", text);
            Assert.Contains("### Saturation\nhand-written saturation rows", text);
            Assert.Contains("## Later section\nkept after", text);
            Assert.True(text.IndexOf("new generated table", StringComparison.Ordinal) < text.IndexOf("### Saturation", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
