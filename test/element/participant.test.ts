import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { metadataToStatus } from '../../src/protocol/openvidu-conventions.js';
import { signalType } from '../../src/element/channels.js';
import { toParticipant } from '../../src/element/participant.js';

describe('toParticipant', () => {
  it('lists an OpenVidu participant under the name the relay gives the same connection data', () => {
    const data = '{"name":"room-7","clientData":"Ann"}%/%{"serverData":"x"}';
    const participant = toParticipant({ connectionId: 'con_a', data }, false);
    assert.equal(participant.name, 'Ann');
    assert.equal(participant.name, metadataToStatus(data)['name']);
    assert.deepEqual(participant.status, { name: 'room-7', clientData: 'Ann' });
  });

  it("names one of our clients by its status.name, even when other name keys are set", () => {
    const status = { clientData: 'Other', name: 'Bo' };
    assert.equal(toParticipant({ connectionId: 'con_b', status, data: JSON.stringify(status) }, true).name, 'Bo');
    assert.equal(toParticipant({ connectionId: 'con_b', status: { nickname: 'Bee' } }, true).name, 'Bee');
  });

  it('takes short plain connection data as the name and falls back to a short id otherwise', () => {
    assert.equal(toParticipant({ connectionId: 'con_c', data: 'Cleo' }, false).name, 'Cleo');
    assert.equal(toParticipant({ connectionId: 'con_0123456789', data: 'x'.repeat(65) }, false).name, 'con_0123');
    assert.equal(toParticipant({ connectionId: 'con_0123456789' }, false).name, 'con_0123');
  });
});

describe('signalType', () => {
  it('shows OpenVidu and OpenTok signal:chat on the chat channel, and our own types as they are', () => {
    assert.equal(signalType('signal:chat'), 'chat');
    assert.equal(signalType('chat'), 'chat');
    assert.equal(signalType(undefined), '');
  });
});
