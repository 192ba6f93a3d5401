using System.Text.Json;

namespace Dashboard.Demo.Api;

/// <summary>
/// <c>GET nodes</c> (the fields of <c>fields(node_info)</c> in <c>emqx_mgmt_api_nodes.erl</c>, EMQX 5.8)
/// and <c>GET status</c> (<c>emqx_mgmt_api_status.erl</c>: plain text, or JSON with <c>format=json</c>).
/// </summary>
internal static class DemoNodeEndpoints
{
    public static void Map(RouteGroupBuilder api, DemoApiState state) =>
        api.MapGet("/nodes", (RequestDelegate)(context => NodesAsync(context, state)));

    public static Task StatusAsync(HttpContext context, DemoApiState state)
    {
        state.Count("status");
        var node = state.Settings.NodeName;
        if (context.Request.Query["format"] == "json")
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(
                JsonSerializer.Serialize(new { node_name = node, rel_vsn = state.Settings.Version, broker_status = "started", app_status = "running" }),
                context.RequestAborted);
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync($"Node {node} is started\nemqx is running", context.RequestAborted);
    }

    private static async Task NodesAsync(HttpContext context, DemoApiState state)
    {
        state.Count("nodes");
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter);
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("node", state.Settings.NodeName);
        w.WriteString("node_status", "running");
        w.WriteString("version", state.Settings.Version);
        w.WriteString("edition", "Opensource");
        w.WriteString("role", "core");
        w.WriteNumber("uptime", (long)(state.Time.GetUtcNow() - state.StartedAt).TotalMilliseconds);
        w.WriteNumber("connections", state.Table.Count);
        w.WriteNumber("live_connections", state.Table.Count);
        w.WriteNumber("load1", 0.0);
        w.WriteNumber("load5", 0.0);
        w.WriteNumber("load15", 0.0);
        w.WriteNumber("max_fds", 1_048_576);
        w.WriteNumber("memory_total", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        w.WriteNumber("memory_used", GC.GetTotalMemory(false));
        w.WriteString("otp_release", "26.2.5-3");
        w.WriteNumber("process_available", 2_097_152);
        w.WriteNumber("process_used", 512);
        w.WriteString("sys_path", "/opt/emqx");
        w.WriteString("log_path", "/opt/emqx/log");
        w.WriteEndObject();
        w.WriteEndArray();
        await w.FlushAsync(context.RequestAborted);
    }
}
