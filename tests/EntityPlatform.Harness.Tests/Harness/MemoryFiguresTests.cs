using EntityPlatform.Harness.Saturation;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>Issue 18's memory figures: the readers the saturation run uses for RSS and etcd's allocation counter.</summary>
public sealed class MemoryFiguresTests
{
    [Fact]
    public void Rss_of_this_process_is_read_from_proc_and_a_gone_process_reads_null()
    {
        var rss = ProcessMemory.RssBytes(Environment.ProcessId);
        Assert.NotNull(rss);
        // A running .NET test host holds at least its runtime and this assembly: far more than a megabyte.
        Assert.InRange(rss.Value, 1L << 20, 64L << 30);
        Assert.Null(ProcessMemory.RssBytes(0));
    }

    [Fact]
    public void Prometheus_counter_is_read_from_its_own_line_only()
    {
        const string text = """
            # HELP go_memstats_alloc_bytes_total Total number of bytes allocated, even if freed.
            # TYPE go_memstats_alloc_bytes_total counter
            go_memstats_alloc_bytes 1.234e+06
            go_memstats_alloc_bytes_total 4.5678e+09
            """;
        Assert.Equal(4.5678e9, PrometheusText.Parse(text, "go_memstats_alloc_bytes_total"));
        Assert.Equal(1.234e6, PrometheusText.Parse(text, "go_memstats_alloc_bytes"));
        Assert.Null(PrometheusText.Parse(text, "go_memstats_frees_total"));
    }
}
