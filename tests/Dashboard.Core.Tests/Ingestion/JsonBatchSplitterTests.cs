using System.Text;
using Dashboard.Core.Ingestion;

namespace Dashboard.Core.Tests.Ingestion;

public sealed class JsonBatchSplitterTests
{
    [Theory]
    [InlineData("""{"clientid":"a"}""", new[] { """{"clientid":"a"}""" })]
    [InlineData("""[{"clientid":"a"}, {"clientid":"b"}]""", new[] { """{"clientid":"a"}""", """{"clientid":"b"}""" })]
    [InlineData("{\"clientid\":\"a\"}\n{\"clientid\":\"b\"}\n", new[] { """{"clientid":"a"}""", """{"clientid":"b"}""" })]
    [InlineData("\r\n{\"clientid\":\"a\"}\r\n\r\n[{\"x\":[1,{\"y\":2}]}]", new[] { """{"clientid":"a"}""", """{"x":[1,{"y":2}]}""" })]
    [InlineData("""["undefined", 42]""", new[] { "\"undefined\"", "42" })]
    public void Splits_objects_arrays_and_ndjson_into_values(string body, string[] expected)
    {
        var (values, error) = JsonBatchSplitter.Split(Encoding.UTF8.GetBytes(body));

        Assert.Null(error);
        Assert.Equal(expected, values.Select(v => Encoding.UTF8.GetString(v.Span)));
    }

    [Theory]
    [InlineData("{\"clientid\":")]
    [InlineData("{not json}")]
    [InlineData("[{\"a\":1},")]
    [InlineData("{\"a\":1}}")]
    public void A_body_that_is_not_json_fails_as_a_whole(string body)
    {
        var (values, error) = JsonBatchSplitter.Split(Encoding.UTF8.GetBytes(body));

        Assert.Empty(values);
        Assert.StartsWith("the body is not valid JSON", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("[]")]
    public void An_empty_body_is_an_error(string body)
    {
        Assert.Equal("the body is empty", JsonBatchSplitter.Split(Encoding.UTF8.GetBytes(body)).Error);
    }
}
