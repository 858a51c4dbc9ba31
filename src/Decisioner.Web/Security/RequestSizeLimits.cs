using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Decisioner.Web.Security;

/// <summary>
/// The body size an endpoint declares (<c>RequestSizeLimitAttribute</c>, <see cref="IRequestSizeLimitMetadata"/>)
/// is applied by routing through the server's <see cref="IHttpMaxRequestBodySizeFeature"/>, and Kestrel
/// then refuses a longer body with 413. A server without that feature, such as the in-memory test server,
/// would read any size: there the limit is counted here instead, failing the same way Kestrel does, so an
/// endpoint refuses the same bodies under every server.
/// </summary>
public static class RequestSizeLimits
{
    public static IApplicationBuilder UseRequestSizeLimitsOnAnyServer(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } limit }
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is null)
            {
                context.Request.Body = new LimitedStream(context.Request.Body, limit);
            }

            return next(context);
        });

    /// <summary>Reads through to the request body, and fails as Kestrel does once more than the limit has come.</summary>
    private sealed class LimitedStream(Stream body, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(body.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await body.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            _read += read;
            return _read <= limit
                ? read
                : throw new BadHttpRequestException($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
    }
}
