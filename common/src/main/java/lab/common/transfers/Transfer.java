package lab.common.transfers;

import java.math.BigDecimal;

/**
 * A money transfer: the state-changing action that the CSRF lab tries to forge. The memo is free
 * text from the sender, shown to both parties: the XSS lab's way into the recipient's page.
 */
public record Transfer(String id, String from, String to, BigDecimal amount, String memo, String createdAt, String instance) {
}
