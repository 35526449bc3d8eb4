package lab.common.contract;

import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Whatever a client must send to be recognised: a cookie and a CSRF header, or a bearer header. */
public record Credential(Map<String, String> headers, Map<String, String> cookies) {

    public RequestSpecification on(RequestSpecification request) {
        return request.headers(headers).cookies(cookies);
    }
}
