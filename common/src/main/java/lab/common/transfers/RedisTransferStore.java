package lab.common.transfers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/** Transfers in a Redis list per user, newest first, shared by every instance. */
public final class RedisTransferStore implements TransferStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final UnifiedJedis redis;

    public RedisTransferStore(UnifiedJedis redis) {
        this.redis = redis;
    }

    private static String key(String username) {
        return "transfers:" + username;
    }

    @Override
    public void add(Transfer transfer, Set<String> listedFor) {
        try (var tx = redis.multi()) {
            String json = JSON.writeValueAsString(transfer);
            for (String username : listedFor) {
                tx.lpush(key(username), json);
                tx.ltrim(key(username), 0, KEPT_PER_USER - 1);
            }
            tx.exec();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Transfer always serialises", e);
        }
    }

    @Override
    public List<Transfer> listFor(String username) {
        return redis.lrange(key(username), 0, KEPT_PER_USER - 1).stream().map(RedisTransferStore::read).toList();
    }

    private static Transfer read(String json) {
        try {
            return JSON.readValue(json, Transfer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable transfer in Redis", e);
        }
    }
}
