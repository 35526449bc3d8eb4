package lab.loadtest.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;

/**
 * The closed model's connections: each client of the model keeps one connection of its own and sends
 * one request at a time on it, like a wrk connection. Netty's HTTP codec, not Jetty's client, because
 * per request it costs the generator about half the CPU (against nginx's own 200 on this machine:
 * about 13 µs against 22 µs; Jetty's exchange bookkeeping, locks and listener chain are for a general
 * client). The answers' bodies are discarded; their headers are kept for {@link Reply}.
 */
public final class Lanes implements AutoCloseable {
    private final EventLoopGroup loops;
    private final Bootstrap bootstrap;

    /** @param ioThreads event-loop threads, each serving its share of the connections */
    public Lanes(int ioThreads) {
        loops = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new Answer());
                    }
                });
    }

    /** A new client: its connection is opened with its first request. */
    public Lane lane() {
        return new Lane();
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /**
     * One connection, one request at a time: call {@link #send} again only once the previous answer
     * came. A connection the server closes (nginx after {@code keepalive_requests}, an answer with
     * {@code Connection: close}), or that failed, is replaced before the next request.
     */
    public final class Lane implements AutoCloseable {
        private volatile Channel channel; // replaced on an event loop, closed from the caller's thread at the end

        private Lane() {
        }

        public CompletableFuture<Reply> send(Call call) {
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            long sent = System.nanoTime();
            if (channel != null && channel.isActive()) {
                write(channel, call, reply, sent);
                return reply;
            }
            close();
            URI uri = call.uri();
            bootstrap.connect(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()).addListener(opened -> {
                if (!opened.isSuccess()) {
                    reply.complete(Reply.failed(opened.cause(), sent, System.nanoTime()));
                    return;
                }
                Channel fresh = ((ChannelFuture) opened).channel();
                channel = fresh;
                write(fresh, call, reply, sent);
            });
            return reply;
        }

        private static void write(Channel channel, Call call, CompletableFuture<Reply> reply, long sent) {
            if (!channel.eventLoop().inEventLoop()) { // the first request of a run comes from the caller's thread
                channel.eventLoop().execute(() -> write(channel, call, reply, sent));
                return;
            }
            Answer answer = channel.pipeline().get(Answer.class);
            answer.expect(reply, sent, channel.eventLoop().schedule(
                    () -> answer.fail(channel, new TimeoutException("no answer within " + call.timeout())),
                    call.timeout().toNanos(), TimeUnit.NANOSECONDS));
            channel.writeAndFlush(request(call)).addListener(written -> {
                if (!written.isSuccess()) {
                    answer.fail(channel, written.cause());
                }
            });
        }

        @Override
        public void close() {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
    }

    /** The request as the server will read it: Host as written in the URI, the call's headers, its JSON body. */
    static FullHttpRequest request(Call call) {
        URI uri = call.uri();
        String target = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        ByteBuf body = call.hasBody() ? Unpooled.copiedBuffer(call.body(), StandardCharsets.UTF_8) : Unpooled.EMPTY_BUFFER;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(call.method()), target, body);
        request.headers().set(HttpHeaderNames.HOST, uri.getRawAuthority());
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            request.headers().set(header.getKey(), header.getValue());
        }
        if (call.hasBody()) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            HttpUtil.setContentLength(request, body.readableBytes());
        }
        return request;
    }

    /** The pipeline's end: waits for the one answer in flight and completes it, closing the connection when told to. */
    private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        private CompletableFuture<Reply> reply;
        private ScheduledFuture<?> timeout;
        private long sent;
        private int status;
        private HttpFields headers = HttpFields.EMPTY;
        private boolean closeAfter;

        void expect(CompletableFuture<Reply> reply, long sent, ScheduledFuture<?> timeout) {
            this.reply = reply;
            this.sent = sent;
            this.timeout = timeout;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpResponse response) {
                status = response.status().code();
                HttpFields.Mutable fields = HttpFields.build(response.headers().size());
                response.headers().forEach(header -> fields.add(header.getKey(), header.getValue()));
                headers = fields.asImmutable();
                closeAfter = !HttpUtil.isKeepAlive(response);
            }
            if (message instanceof LastHttpContent && reply != null) {
                CompletableFuture<Reply> done = take();
                if (closeAfter) {
                    ctx.close(); // the lane opens a new connection for its next request
                }
                done.complete(new Reply(status, headers, "", sent, System.nanoTime(), null));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx.channel(), new IOException("the server closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx.channel(), cause);
        }

        /**
         * The answer in flight, if any, fails; the connection is not trusted again. Closed first:
         * whoever the failure completes may send its next request at once, which must find the
         * connection gone and open a new one.
         */
        void fail(Channel channel, Throwable cause) {
            channel.eventLoop().execute(() -> {
                channel.close();
                if (reply != null) {
                    take().complete(Reply.failed(cause, sent, System.nanoTime()));
                }
            });
        }

        private CompletableFuture<Reply> take() {
            CompletableFuture<Reply> done = reply;
            reply = null;
            timeout.cancel(false);
            return done;
        }
    }
}
