package lab.common.config;

import java.net.URI;

/**
 * {@code REDIS_URL}. It may hold a password, so {@link #toString()} shows {@code ***} in its place:
 * a configuration printed in a log or an exception message gives no secret away.
 */
public record RedisUrl(URI uri) {

    @Override
    public String toString() {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return uri.toString();
        }
        String user = userInfo.substring(0, userInfo.indexOf(':'));
        return uri.getScheme() + "://" + user + ":***@" + uri.getRawAuthority().substring(userInfo.length() + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
