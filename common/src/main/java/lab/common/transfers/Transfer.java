package lab.common.transfers;

import java.math.BigDecimal;

/** A money transfer: the state-changing action that the CSRF lab tries to forge. */
public record Transfer(String id, String from, String to, BigDecimal amount, String createdAt, String instance) {
}
