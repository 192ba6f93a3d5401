using System.Text.Json;

namespace Dashboard.Demo.Api;

/// <summary>EMQX's error body, <c>{"code":…,"message":…}</c>, with the status EMQX uses for it.</summary>
internal static class DemoApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { code, message }), context.RequestAborted);
    }

    public static Task BadRequest(HttpContext context, string message) => WriteAsync(context, StatusCodes.Status400BadRequest, "BAD_REQUEST", message);

    public static Task InvalidParameter(HttpContext context, string message) => WriteAsync(context, StatusCodes.Status400BadRequest, "INVALID_PARAMETER", message);

    public static Task ClientNotFound(HttpContext context) => WriteAsync(context, StatusCodes.Status404NotFound, "CLIENTID_NOT_FOUND", "Client ID not found");
}
